import { deflateSync, inflateSync } from 'node:zlib';
import { decodeStatusList } from './decode-status-list.js';
import { encodeStatusList, packStatuses } from './encode-status-list.js';
import { STATUS_INVALID, STATUS_SUSPENDED, STATUS_VALID } from './status-values.js';
import {
  expandStatuses,
  readEncodedExample,
  readExpectedStatuses,
} from './testing/read-status-list-vectors.js';

const expected = Object.entries(readExpectedStatuses());

describe('status list encoding against the draft examples', () => {
  it('covers the 1, 2, 4 and 8-bit examples', () => {
    expect(expected.map(([, e]) => e.bits).sort()).toEqual([1, 1, 2, 2, 4, 8]);
  });

  describe.each(expected)('%s', (file, want) => {
    const example = readEncodedExample(file);
    const statuses = expandStatuses(want);

    it('decodes to every expected status', () => {
      const list = decodeStatusList(example);
      expect(list.bits).toBe(want.bits);
      expect(list.size).toBe(want.size);
      for (let idx = 0; idx < want.size; idx++) {
        if (list.get(idx) !== statuses[idx]) {
          throw new Error(`index ${idx}: ${list.get(idx)} != ${statuses[idx]}`);
        }
      }
    });

    it('packs the same statuses into the same bytes, bit for bit', () => {
      const draftBytes = inflateSync(Buffer.from(example.lst, 'base64url'));
      expect(Buffer.from(packStatuses({ statuses, bits: want.bits })).equals(draftBytes)).toBe(true);
    });

    it('round-trips through our encoder', () => {
      const list = decodeStatusList(encodeStatusList({ statuses, bits: want.bits }));
      expect(list.size).toBe(want.size);
      for (const [idx, status] of Object.entries(want.nonzero_or_set))
        expect(list.get(Number(idx))).toBe(status);
    });
  });

  it('reads the first 1-bit example byte as the draft draws it (least significant bit first)', () => {
    expect([...packStatuses({ statuses: Uint8Array.from([1, 0, 0, 1, 1, 1, 0, 1]), bits: 1 })]).toEqual([
      0xb9,
    ]);
  });
});

describe('status list limits', () => {
  it('refuses a decompression bomb of 100 MB of zeros', () => {
    const bomb = deflateSync(Buffer.alloc(100 * 1024 * 1024), { level: 9 }).toString('base64url');
    expect(() => decodeStatusList({ bits: 1, lst: bomb })).toThrow(
      expect.objectContaining({ code: 'too_large' }),
    );
  });

  it('refuses more entries than the caller allows and oversized compressed input', () => {
    const { lst } = encodeStatusList({ statuses: new Uint8Array(1 << 20), bits: 1 });
    expect(() => decodeStatusList({ bits: 1, lst, maxEntries: 1000 })).toThrow(
      expect.objectContaining({ code: 'too_large' }),
    );
    expect(() => decodeStatusList({ bits: 1, lst, maxCompressedBytes: 10 })).toThrow(
      expect.objectContaining({ code: 'too_large' }),
    );
  });

  it('refuses bad bits, bad base64url, non-zlib data and indices outside the list', () => {
    const { lst } = encodeStatusList({ statuses: new Uint8Array(16), bits: 1 });
    expect(() => decodeStatusList({ bits: 3, lst })).toThrow(expect.objectContaining({ code: 'malformed' }));
    expect(() => decodeStatusList({ bits: 1, lst: 'a+b/' })).toThrow(
      expect.objectContaining({ code: 'malformed' }),
    );
    const raw = Buffer.from('not zlib').toString('base64url');
    expect(() => decodeStatusList({ bits: 1, lst: raw })).toThrow(
      expect.objectContaining({ code: 'malformed' }),
    );
    const list = decodeStatusList({ bits: 1, lst });
    expect(() => list.get(16)).toThrow(expect.objectContaining({ code: 'index_out_of_range' }));
    expect(() => list.get(-1)).toThrow(expect.objectContaining({ code: 'index_out_of_range' }));
  });

  it('refuses a status that does not fit in the bits', () => {
    expect(() => encodeStatusList({ statuses: Uint8Array.from([0, 2]), bits: 1 })).toThrow(
      expect.objectContaining({ code: 'malformed' }),
    );
  });
});

describe('a 1,000,000-entry list', () => {
  it('with 1 % revoked and some suspended encodes and decodes', () => {
    const size = 1_000_000;
    const statuses = new Uint8Array(size);
    for (let idx = 0; idx < size; idx += 100) statuses[idx] = STATUS_INVALID;
    for (let idx = 7; idx < size; idx += 1000) statuses[idx] = STATUS_SUSPENDED;
    const encoded = encodeStatusList({ statuses, bits: 2 });
    expect(encoded.lst.length).toBeLessThan(100_000);
    const list = decodeStatusList(encoded);
    expect(list.size).toBe(size);
    for (let idx = 0; idx < size; idx++) {
      if (list.get(idx) !== statuses[idx]) throw new Error(`index ${idx} differs`);
    }
    expect(list.get(100)).toBe(STATUS_INVALID);
    expect(list.get(1007)).toBe(STATUS_SUSPENDED);
    expect(list.get(101)).toBe(STATUS_VALID);
  });
});
