/**
 * Nuonuo's signature: the public test vector, and what a verifier accepts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  newNonce,
  newSenid,
  nuonuoSignature,
  stringToSign,
  timestampOf,
  validNuonuoSignature,
} from '../src/channels/nuonuo/nuonuo.sign.ts';

const VECTOR = {
  appKey: 'app',
  appSecret: 'secret',
  senid: 'a'.repeat(32),
  nonce: '12345678',
  timestamp: '1700000000',
  body: '{"name":"中文"}',
};

test('when the public test vector is signed, then the signature is 4BzcKzrcoqxPis0W/W3X2ae0uIo=', () => {
  assert.equal(stringToSign(VECTOR), `a=services&l=v1&p=open&k=app&i=${'a'.repeat(32)}&n=12345678&t=1700000000&f={"name":"中文"}`);
  assert.equal(nuonuoSignature(VECTOR), '4BzcKzrcoqxPis0W/W3X2ae0uIo=');
});

test('when any signed part changes, then the signature no longer verifies', () => {
  const signature = nuonuoSignature(VECTOR);
  assert.equal(validNuonuoSignature(VECTOR, signature), true);
  for (const change of [
    { appSecret: 'Secret' },
    { appKey: 'app2' },
    { senid: 'b'.repeat(32) },
    { nonce: '12345679' },
    { timestamp: '1700000001' },
    { body: '{"name":"中文 "}' },
  ]) {
    assert.equal(validNuonuoSignature({ ...VECTOR, ...change }, signature), false, JSON.stringify(change));
  }
  assert.equal(validNuonuoSignature(VECTOR, signature.slice(1)), false);
});

test('when a call is prepared, then its senid has 32 characters, its nonce 8 digits and its timestamp is in seconds', () => {
  const senids = new Set(Array.from({ length: 100 }, () => newSenid()));
  assert.equal(senids.size, 100);
  for (const senid of senids) assert.match(senid, /^[0-9a-f]{32}$/);
  for (let i = 0; i < 100; i++) assert.match(newNonce(), /^[1-9]\d{7}$/);
  assert.equal(timestampOf(new Date(1_700_000_000_999)), '1700000000');
});
