package dev.darkroom.operation.filter;

import dev.darkroom.operation.Params;

/** Pillow's {@code MedianFilter}: the rank size²/2, the middle of the window. */
final class MedianFilter {

    private MedianFilter() {
    }

    static RankFilter from(Params params) {
        int size = RankFilter.WINDOW.read(params);
        return params.build(() -> new RankFilter(size, size * size / 2));
    }
}
