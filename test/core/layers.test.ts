import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveLayers, assertTenant } from '../../src/core/layers.ts';

interface Item { id: string; v: number }
const idOf = (i: Item) => i.id;

test('a tenant layer overrides a global item by id and keeps its position', () => {
  const r = resolveLayers<Item>(
    [
      { name: 'global', items: [{ id: 'a', v: 1 }, { id: 'b', v: 2 }] },
      { name: 'tenant:t1', items: [{ id: 'a', v: 10 }, { id: 'c', v: 3 }] },
    ],
    idOf,
  );
  assert.deepEqual(r.items.map((x) => [x.id, x.item.v, x.layer]), [['a', 10, 'tenant:t1'], ['b', 2, 'global'], ['c', 3, 'tenant:t1']]);
  assert.deepEqual(r.items[0]?.overrides, ['global']);
});

test('a tenant layer disables a global item, and an unknown id is reported', () => {
  const r = resolveLayers<Item>(
    [
      { name: 'global', items: [{ id: 'a', v: 1 }, { id: 'b', v: 2 }] },
      { name: 'tenant:t1', items: [], disabled: ['b', 'zz'] },
    ],
    idOf,
  );
  assert.deepEqual(r.items.map((x) => x.id), ['a']);
  assert.deepEqual(r.disabled, [{ id: 'b', layer: 'tenant:t1' }]);
  assert.deepEqual(r.unknownDisabled, [{ id: 'zz', layer: 'tenant:t1' }]);
});

test('a later layer re-defining a disabled id brings it back', () => {
  const r = resolveLayers<Item>(
    [
      { name: 'global', items: [{ id: 'a', v: 1 }], disabled: [] },
      { name: 'site', items: [], disabled: ['a'] },
      { name: 'tenant:t1', items: [{ id: 'a', v: 5 }] },
    ],
    idOf,
  );
  assert.deepEqual(r.items.map((x) => [x.id, x.item.v]), [['a', 5]]);
});

test('tenant names outside the safe alphabet are refused', () => {
  assert.equal(assertTenant('acme-1'), 'acme-1');
  assert.throws(() => assertTenant('../etc'), /invalid tenant/);
  assert.throws(() => assertTenant(''), /invalid tenant/);
});
