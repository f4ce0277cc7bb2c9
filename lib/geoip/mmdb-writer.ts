import ipaddr from "ipaddr.js";

/**
 * A small writer for the MaxMind DB format (https://maxmind.github.io/MaxMind-DB/), so tests can
 * read real .mmdb files with the `maxmind` reader and operators can build an ASN database from
 * CSV data. No maintained writer exists in the npm registry available here. IPv6 tree (IPv4
 * networks live under ::/96, as in MaxMind's own databases), 32-bit records.
 */
export type TMmdbValue = string | number | boolean | TMmdbValue[] | { [key: string]: TMmdbValue };

type TNode = { left: TRecord; right: TRecord };
type TRecord = { kind: "empty" } | { kind: "node"; node: TNode } | { kind: "data"; offset: number };

const METADATA_MARKER = Buffer.from([0xab, 0xcd, 0xef, ...Buffer.from("MaxMind.com")]);

function control(type: number, size: number): Buffer {
  const extended = type > 7;
  const head: number[] = [];
  let sizeBits: number;
  const tail: number[] = [];
  if (size < 29) sizeBits = size;
  else if (size < 285) {
    sizeBits = 29;
    tail.push(size - 29);
  } else if (size < 65_821) {
    sizeBits = 30;
    tail.push((size - 285) >> 8, (size - 285) & 0xff);
  } else {
    sizeBits = 31;
    const rest = size - 65_821;
    tail.push((rest >> 16) & 0xff, (rest >> 8) & 0xff, rest & 0xff);
  }
  head.push(((extended ? 0 : type) << 5) | sizeBits);
  if (extended) head.push(type - 7);
  return Buffer.from([...head, ...tail]);
}

function unsigned(value: number | bigint): Buffer {
  let big = BigInt(value);
  const bytes: number[] = [];
  while (big > 0n) {
    bytes.unshift(Number(big & 0xffn));
    big >>= 8n;
  }
  return Buffer.from(bytes);
}

export function encodeValue(value: TMmdbValue): Buffer {
  if (typeof value === "string") {
    const bytes = Buffer.from(value, "utf8");
    return Buffer.concat([control(2, bytes.length), bytes]);
  }
  if (typeof value === "boolean") return control(14, value ? 1 : 0);
  if (typeof value === "number") {
    if (Number.isInteger(value) && value >= 0 && value <= 0xffffffff) {
      const bytes = unsigned(value);
      return Buffer.concat([control(6, bytes.length), bytes]);
    }
    if (Number.isInteger(value) && value >= 0) {
      const bytes = unsigned(value);
      return Buffer.concat([control(9, bytes.length), bytes]);
    }
    const bytes = Buffer.alloc(8);
    bytes.writeDoubleBE(value);
    return Buffer.concat([control(3, 8), bytes]);
  }
  if (Array.isArray(value)) return Buffer.concat([control(11, value.length), ...value.map(encodeValue)]);
  const entries = Object.entries(value);
  return Buffer.concat([
    control(7, entries.length),
    ...entries.flatMap(([key, inner]) => [encodeValue(key), encodeValue(inner)]),
  ]);
}

/** The 128 bits of an address (IPv4 mapped into ::/96) and the prefix length in that space. */
function networkBits(cidr: string): { bits: number[]; prefix: number } {
  const [address, length] = ipaddr.parseCIDR(cidr);
  const bytes =
    address.kind() === "ipv4" ? [...new Array(12).fill(0), ...address.toByteArray()] : address.toByteArray();
  const prefix = address.kind() === "ipv4" ? 96 + length : length;
  const bits = bytes.flatMap((byte) => Array.from({ length: 8 }, (_, index) => (byte >> (7 - index)) & 1));
  return { bits, prefix };
}

export class MmdbWriter {
  private readonly root: TNode = { left: { kind: "empty" }, right: { kind: "empty" } };
  private readonly data: Buffer[] = [];
  private dataLength = 0;
  private readonly offsets = new Map<string, number>();

  constructor(private readonly meta: { databaseType: string; description?: string; languages?: string[] }) {}

  /** Maps a network ("1.2.3.0/24", "2001:db8::/32") to a record; later, more specific inserts win. */
  insert(cidr: string, value: TMmdbValue): this {
    const encoded = encodeValue(value);
    const key = encoded.toString("base64");
    let offset = this.offsets.get(key);
    if (offset === undefined) {
      offset = this.dataLength;
      this.offsets.set(key, offset);
      this.data.push(encoded);
      this.dataLength += encoded.length;
    }
    const { bits, prefix } = networkBits(cidr);
    let node = this.root;
    for (let depth = 0; depth < prefix; depth++) {
      const side = bits[depth] ? "right" : "left";
      if (depth === prefix - 1) {
        node[side] = { kind: "data", offset };
        break;
      }
      const record = node[side];
      if (record.kind === "node") node = record.node;
      else {
        // Splitting an empty or data leaf: both halves keep what the leaf had.
        const child: TNode = { left: record, right: record };
        node[side] = { kind: "node", node: child };
        node = child;
      }
    }
    return this;
  }

  toBuffer(buildEpoch = Math.floor(Date.now() / 1000)): Buffer {
    const nodes: TNode[] = [];
    const index = new Map<TNode, number>();
    const queue = [this.root];
    while (queue.length) {
      const node = queue.shift() as TNode;
      index.set(node, nodes.length);
      nodes.push(node);
      for (const record of [node.left, node.right]) if (record.kind === "node") queue.push(record.node);
    }
    const nodeCount = nodes.length;
    const value = (record: TRecord) =>
      record.kind === "empty"
        ? nodeCount
        : record.kind === "node"
          ? (index.get(record.node) as number)
          : nodeCount + 16 + record.offset;
    const tree = Buffer.alloc(nodeCount * 8);
    nodes.forEach((node, position) => {
      tree.writeUInt32BE(value(node.left), position * 8);
      tree.writeUInt32BE(value(node.right), position * 8 + 4);
    });
    const metadata = encodeValue({
      node_count: nodeCount,
      record_size: 32,
      ip_version: 6,
      database_type: this.meta.databaseType,
      languages: this.meta.languages ?? ["en"],
      binary_format_major_version: 2,
      binary_format_minor_version: 0,
      build_epoch: buildEpoch,
      description: { en: this.meta.description ?? this.meta.databaseType },
    });
    return Buffer.concat([tree, Buffer.alloc(16), ...this.data, METADATA_MARKER, metadata]);
  }
}
