package io.crowdsurf.alert.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Sets of time as sorted, disjoint, half-open intervals {@code [start, end)} in epoch seconds. Pure
 * functions; the window finder is built from union and intersection.
 */
public final class Intervals {

    private Intervals() {
    }

    public static long[] of(long start, long end) {
        return new long[] {start, end};
    }

    /** Sorts and merges touching or overlapping intervals; drops empty ones. */
    public static List<long[]> normalize(List<long[]> in) {
        List<long[]> sorted = new ArrayList<>(in.stream().filter(i -> i[1] > i[0]).toList());
        sorted.sort(Comparator.comparingLong(i -> i[0]));
        List<long[]> out = new ArrayList<>();
        for (long[] i : sorted) {
            long[] last = out.isEmpty() ? null : out.get(out.size() - 1);
            if (last != null && i[0] <= last[1]) {
                last[1] = Math.max(last[1], i[1]);
            } else {
                out.add(new long[] {i[0], i[1]});
            }
        }
        return out;
    }

    public static List<long[]> union(List<long[]> a, List<long[]> b) {
        List<long[]> all = new ArrayList<>(a);
        all.addAll(b);
        return normalize(all);
    }

    /** Both inputs normalized. */
    public static List<long[]> intersect(List<long[]> a, List<long[]> b) {
        List<long[]> out = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() && j < b.size()) {
            long start = Math.max(a.get(i)[0], b.get(j)[0]);
            long end = Math.min(a.get(i)[1], b.get(j)[1]);
            if (end > start) {
                out.add(new long[] {start, end});
            }
            if (a.get(i)[1] < b.get(j)[1]) {
                i++;
            } else {
                j++;
            }
        }
        return out;
    }

    public static boolean overlaps(List<long[]> set, long start, long end) {
        for (long[] i : set) {
            if (i[0] < end && start < i[1]) {
                return true;
            }
        }
        return false;
    }
}
