// Templates the miner merges within a batch: the parse stage hands the store the survivor's id
// for every event and one template row with all the lines, never an id the miner retired.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineFramer } from '../../../src/ingest/framing.ts';
import { createParserSet } from '../../../src/parse/index.ts';
import { TemplateMiner } from '../../../src/parse/miner/miner.ts';
import { parseStage } from '../../../src/pipeline/parse-stage.ts';

test('events and template counts of templates merged later in the batch go to the surviving id', () => {
  const miner = new TemplateMiner();
  const parsers = createParserSet({ tenant: 'acme' });
  // Five different words in one place: separate templates until the fifth makes it a variable.
  const words = ['alpha', 'bravo', 'charlie', 'delta', 'echo'];
  const text = words.map((w) => `reactor ${w} reached steady output level`).join('\n') + '\n';
  const framer = new LineFramer();
  const batch = { tenant: 'acme', source: 'test', sourceId: 'test:1', lines: [...framer.push(Buffer.from(text)), ...framer.flush()] };
  const out = parseStage(batch, { parsersFor: () => parsers, minerFor: () => miner }, 1_800_000_000_000);

  assert.equal(out.events.length, 5);
  const ids = new Set(out.events.map((e) => e.templateId));
  assert.equal(ids.size, 1, `one template id for all lines, got ${[...ids].join(', ')}`);
  const id = out.events[0]?.templateId as string;
  assert.equal(miner.resolveId(id), id, 'the id is the live one');
  assert.equal(miner.size, 1);
  assert.equal(out.templates.length, 1);
  assert.equal(out.templates[0]?.templateId, id);
  assert.equal(out.templates[0]?.count, 5);
  assert.equal(out.templates[0]?.template, 'reactor <*> reached steady output level');
});
