// Percentiles with linear interpolation between closest ranks, exactly as PostgreSQL's
// percentile_cont: position p * (n - 1) in the ascending order. Pure.

/** The zero-based ranks a percentile reads: floor and ceil of p * (n - 1). */
export function percentileRanks(count: number, fraction: number): { low: number; high: number; weight: number } {
  const position = fraction * (count - 1);
  const low = Math.floor(position);
  return { low, high: Math.ceil(position), weight: position - low };
}

/** percentile_cont(fraction) of ascending-sorted values; null for no values. */
export function percentileCont(sorted: readonly number[], fraction: number): number | null {
  if (sorted.length === 0) return null;
  const { low, high, weight } = percentileRanks(sorted.length, fraction);
  return sorted[low] + weight * (sorted[high] - sorted[low]);
}

/**
 * A contiguous run of a large sorted set, fetched by rank (ORDER BY … OFFSET … LIMIT in SQL):
 * `values` are the elements at ranks offset, offset + 1, … of a set of `count` elements.
 */
export interface RankSlice {
  count: number;
  offset: number;
  values: readonly number[];
}

/**
 * The element at `rank` of (slice's set ∪ extra), without the whole set: valid when the slice covers
 * ranks rank - extra.length … rank of the large set. Lets one sorted slice per coin serve every new
 * order of a cycle, each with its own few extra history rows. Throws when the slice is too narrow
 * (a bug in the caller's slice bounds, never a data condition).
 */
export function rankOfUnion(slice: RankSlice, extraSorted: readonly number[], rank: number): number {
  if (slice.values.length === 0) {
    if (slice.count > 0) throw new Error('rankOfUnion: empty slice of a non-empty set');
    return extraSorted[rank];
  }
  const first = slice.values[0];
  const last = slice.values[slice.values.length - 1];
  const below = countBelow(extraSorted, first);
  const startRank = slice.offset + below;
  const endOfSlice = slice.offset + slice.values.length === slice.count;
  const middle: number[] = [];
  let i = 0;
  let j = below;
  // Merge the slice with the extra values inside its range (all of the rest when the slice ends the set).
  while (i < slice.values.length || (j < extraSorted.length && (endOfSlice || extraSorted[j] <= last))) {
    if (i < slice.values.length && (j >= extraSorted.length || (!endOfSlice && extraSorted[j] > last) || slice.values[i] <= extraSorted[j])) {
      middle.push(slice.values[i++]);
    } else middle.push(extraSorted[j++]);
  }
  if (slice.offset === 0 && rank < startRank) return extraSorted[rank];
  const index = rank - startRank;
  if (index < 0 || index >= middle.length) throw new Error(`rankOfUnion: rank ${rank} outside the fetched slice`);
  return middle[index];
}

/** percentile_cont over (slice's set ∪ extra), see rankOfUnion. */
export function percentileOfUnion(slice: RankSlice, extraSorted: readonly number[], fraction: number): number | null {
  const count = slice.count + extraSorted.length;
  if (count === 0) return null;
  const { low, high, weight } = percentileRanks(count, fraction);
  const lowValue = rankOfUnion(slice, extraSorted, low);
  const highValue = high === low ? lowValue : rankOfUnion(slice, extraSorted, high);
  return lowValue + weight * (highValue - lowValue);
}

/** The slice of the large set (ranks, inclusive) that answers `fraction` for any extra of up to maxExtra values. */
export function sliceBounds(count: number, maxExtra: number, fraction: number): { offset: number; limit: number } {
  const lowest = percentileRanks(count, fraction).low;
  const highest = percentileRanks(count + maxExtra, fraction).high;
  const offset = Math.max(0, lowest - maxExtra);
  const end = Math.min(count - 1, highest);
  return { offset, limit: Math.max(0, end - offset + 1) };
}

function countBelow(sorted: readonly number[], value: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (sorted[mid] < value) low = mid + 1;
    else high = mid;
  }
  return low;
}
