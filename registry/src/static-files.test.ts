import { test } from 'node:test';
import assert from 'node:assert/strict';
import { staticFilePath } from './static-files.js';

test('only plain, visible paths inside the root are served', () => {
  const root = '/srv/registry/public';
  assert.equal(staticFilePath(root, '/index.json'), '/srv/registry/public/index.json');
  assert.equal(staticFilePath(root, '/packs/enc/enc-1.0.0.tar.gz'), '/srv/registry/public/packs/enc/enc-1.0.0.tar.gz');
  for (const path of ['/', '/../private/tokens.json', '/packs/%2e%2e/%2e%2e/private/tokens.json', '/.index.json.tmp-1-0', '/packs/..%2f..%2fprivate', '/a%00b', '/%E0%A4%A', '/packs\\..\\x']) {
    assert.equal(staticFilePath(root, path), undefined, path);
  }
});
