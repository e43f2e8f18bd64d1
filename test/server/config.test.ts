// The configuration file is validated on start, and its errors name file, line and key.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, validateConfig } from '../../src/config/load.ts';

const write = (text: string) => {
  const file = join(mkdtempSync(join(tmpdir(), 'stegosoc-config-')), 'stegosoc.yaml');
  writeFileSync(file, text);
  return file;
};

describe('configuration', () => {
  it('fills defaults and resolves dataDir against the file', () => {
    const file = write('listen:\n  port: 9000\ndataDir: data\n');
    const c = loadConfig(file);
    assert.equal(c.listen.port, 9000);
    assert.equal(c.listen.host, '127.0.0.1');
    assert.equal(c.dataDir, join(file, '..', 'data'));
    assert.equal(c.store.engine, 'sqlite');
  });

  it('names the file, line and key of a wrong value', () => {
    const file = write('dataDir: data\nlisten:\n  host: 0.0.0.0\n  port: "eighty"\n');
    assert.throws(() => loadConfig(file), (e: Error) => {
      assert.match(String(e), new RegExp(`${file.replace(/[.]/g, '\\.')}:4: listen\\.port: .*number`));
      return true;
    });
  });

  it('rejects unknown keys (typos) and out-of-range values, all at once', () => {
    const file = write('listne:\n  port: 1\nretention:\n  days: -3\n');
    assert.throws(() => loadConfig(file), (e: Error) => {
      const text = String(e);
      assert.match(text, /:1: .*listne/);
      assert.match(text, /:4: retention\.days/);
      return true;
    });
  });

  it('reports broken YAML and a missing file clearly', () => {
    assert.throws(() => loadConfig(write('listen: [1, 2\n')), /invalid YAML/);
    assert.throws(() => loadConfig('/nonexistent/stegosoc.yaml'), /cannot read configuration/);
    assert.throws(() => validateConfig({ store: { engine: 'postgres' } }), /store\.engine/);
  });
});
