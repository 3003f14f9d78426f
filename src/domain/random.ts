// Seeded random source for simulations: xoshiro128** (fast, 2^128 period, passes BigCrush) with
// Marsaglia–Tsang Ziggurat normals. Everything is 32-bit integer arithmetic via Math.imul so it runs
// at full speed in V8 and gives the same numbers on every machine. Pure: no I/O, no global state.
import { ZIGGURAT_F, ZIGGURAT_K, ZIGGURAT_R, ZIGGURAT_W } from './random-ziggurat.js';

const TWO_POW_MINUS_32 = 2 ** -32;

/** splitmix32 step: spreads a seed so nearby seeds (1, 2, 3…) give unrelated streams. */
function mix32(value: number): number {
  let z = (value + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) | 0;
}

export class RandomSource {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;

  /**
   * One independent stream per (seed, stream): simulations use the path-block index as the stream,
   * so the numbers a path sees never depend on how blocks are spread over workers.
   */
  constructor(seed: number, stream = 0) {
    const base = mix32((seed >>> 0) ^ mix32(Math.floor(seed / 2 ** 32)));
    let state = mix32(base ^ Math.imul(stream + 1, 0x27d4eb2f));
    this.s0 = state = mix32(state);
    this.s1 = state = mix32(state);
    this.s2 = state = mix32(state);
    this.s3 = mix32(state);
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1; // the all-zero state is a fixed point
  }

  /** Next 32 random bits as a signed int32. */
  nextInt32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 = s1 ^ this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in the open interval (0, 1): never 0, so log(u) is always finite. */
  nextFloat(): number {
    return (this.nextInt32() >>> 0) * TWO_POW_MINUS_32 + TWO_POW_MINUS_32 / 2;
  }

  /** Uniform integer in [0, n). */
  nextIndex(n: number): number {
    return Math.floor(this.nextFloat() * n);
  }

  nextNormal(): number {
    const hz = this.nextInt32();
    const iz = hz & 127;
    return Math.abs(hz) < ZIGGURAT_K[iz] ? hz * ZIGGURAT_W[iz] : this.normalTail(hz, iz);
  }

  /**
   * out[i] = shift + scale · N(0,1) for i in [from, to). The hot loop of every simulation: the
   * generator state lives in locals while it runs (V8 keeps them in registers).
   */
  fillNormals(out: Float64Array, from: number, to: number, scale: number, shift: number): void {
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    for (let i = from; i < to; i++) {
      const hz = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
      const t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      const iz = hz & 127;
      if (Math.abs(hz) < ZIGGURAT_K[iz]) {
        out[i] = shift + scale * hz * ZIGGURAT_W[iz];
      } else {
        // Rare (~2 %): hand the state back, take the slow path, pick the state up again.
        this.s0 = s0;
        this.s1 = s1;
        this.s2 = s2;
        this.s3 = s3;
        out[i] = shift + scale * this.normalTail(hz, iz);
        s0 = this.s0;
        s1 = this.s1;
        s2 = this.s2;
        s3 = this.s3;
      }
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
  }

  /** Ziggurat rejection step (Marsaglia & Tsang 2000, "nfix"). */
  private normalTail(firstHz: number, firstIz: number): number {
    let hz = firstHz;
    let iz = firstIz;
    for (;;) {
      const x = hz * ZIGGURAT_W[iz];
      if (iz === 0) {
        let tailX: number;
        let tailY: number;
        do {
          tailX = -Math.log(this.nextFloat()) / ZIGGURAT_R;
          tailY = -Math.log(this.nextFloat());
        } while (tailY + tailY < tailX * tailX);
        return hz > 0 ? ZIGGURAT_R + tailX : -ZIGGURAT_R - tailX;
      }
      if (ZIGGURAT_F[iz] + this.nextFloat() * (ZIGGURAT_F[iz - 1] - ZIGGURAT_F[iz]) < Math.exp(-0.5 * x * x)) return x;
      hz = this.nextInt32();
      iz = hz & 127;
      if (Math.abs(hz) < ZIGGURAT_K[iz]) return hz * ZIGGURAT_W[iz];
    }
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
