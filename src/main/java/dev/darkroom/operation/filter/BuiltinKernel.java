package dev.darkroom.operation.filter;

import dev.darkroom.operation.Params;

/** Pillow's ten predefined kernels, copied from ImageFilter.py with their scale and offset. */
enum BuiltinKernel {

    BLUR(16, 0,
            1, 1, 1, 1, 1,
            1, 0, 0, 0, 1,
            1, 0, 0, 0, 1,
            1, 0, 0, 0, 1,
            1, 1, 1, 1, 1),
    CONTOUR(1, 255,
            -1, -1, -1,
            -1, 8, -1,
            -1, -1, -1),
    DETAIL(6, 0,
            0, -1, 0,
            -1, 10, -1,
            0, -1, 0),
    EDGE_ENHANCE(2, 0,
            -1, -1, -1,
            -1, 10, -1,
            -1, -1, -1),
    EDGE_ENHANCE_MORE(1, 0,
            -1, -1, -1,
            -1, 9, -1,
            -1, -1, -1),
    EMBOSS(1, 128,
            -1, 0, 0,
            0, 1, 0,
            0, 0, 0),
    FIND_EDGES(1, 0,
            -1, -1, -1,
            -1, 8, -1,
            -1, -1, -1),
    SHARPEN(16, 0,
            -2, -2, -2,
            -2, 32, -2,
            -2, -2, -2),
    SMOOTH(13, 0,
            1, 1, 1,
            1, 5, 1,
            1, 1, 1),
    SMOOTH_MORE(100, 0,
            1, 1, 1, 1, 1,
            1, 5, 5, 5, 1,
            1, 5, 44, 5, 1,
            1, 5, 5, 5, 1,
            1, 1, 1, 1, 1);

    private final Kernel kernel;

    BuiltinKernel(double scale, double offset, double... weights) {
        this.kernel = Kernel.of(weights.length == 9 ? 3 : 5, weights, scale, offset);
    }

    Kernel from(Params params) {
        return params.build(() -> kernel);
    }
}
