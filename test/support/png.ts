// Reads a PNG's signature and IHDR so tests can check a chart is a real image of the expected size.
export function pngSize(buffer: Buffer): { width: number; height: number } {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (buffer.length < 33 || !buffer.subarray(0, 8).equals(signature)) throw new Error('not a PNG');
  if (buffer.toString('ascii', 12, 16) !== 'IHDR') throw new Error('PNG without IHDR');
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}
