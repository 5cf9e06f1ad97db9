package dev.darkroom.operation.filter;

import dev.darkroom.operation.Params;

/** Pillow's {@code MinFilter}: rank 0, the darkest value of each channel in the window. */
final class MinFilter {

    private MinFilter() {
    }

    static RankFilter from(Params params) {
        int size = RankFilter.WINDOW.read(params);
        return params.build(() -> new RankFilter(size, 0));
    }
}
