package dev.darkroom.operation.filter;

import dev.darkroom.operation.Params;

/** Pillow's {@code MaxFilter}: rank size² - 1, the brightest value of each channel in the window. */
final class MaxFilter {

    private MaxFilter() {
    }

    static RankFilter from(Params params) {
        int size = RankFilter.WINDOW.read(params);
        return params.build(() -> new RankFilter(size, size * size - 1));
    }
}
