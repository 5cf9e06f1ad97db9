package dev.darkroom.operation;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;

/**
 * Text art: each character stands for the average luminosity of the block of pixels under it.
 * Character cells are about twice as tall as wide, so a block covers twice as many pixel rows as
 * columns, or the picture would come out stretched to twice its height.
 *
 * <p>Every line is exactly {@code width} characters, spaces included, and lines are joined by
 * {@code \n} with none after the last, so the text can be laid out in a monospaced box as is.
 * The default ramp suits dark text on a light page (a dense character for a dark pixel);
 * {@code invert} suits light text on a dark terminal. Transparent pixels count as the page.
 */
record Ascii(int width, boolean invert) implements Operation {

    /** Darkest first: ten steps of visual density, all printable ASCII. */
    static final String RAMP = "@%#*+=-:. ";
    static final double CELL_ASPECT = 2.0;
    static final int MAX_WIDTH = 1000;

    static final Param.IntParam WIDTH = Param.integer("width", "Width", 1, MAX_WIDTH).byDefault(100)
            .described("Characters per line");
    static final Param.BoolParam INVERT = Param.bool("invert", "Invert", false)
            .described("Dense characters for light pixels, for light text on a dark terminal");

    static final OperationSpec SPEC = OperationSpec.of("ascii", "ASCII art",
            "Text art, one character per block of pixels; every line exactly width characters",
            OperationSpec.Result.TEXT, java.util.List.of(WIDTH, INVERT), Ascii::from);

    static Ascii from(Params params) {
        int width = WIDTH.read(params);
        boolean invert = INVERT.read(params);
        return params.build(() -> new Ascii(width, invert));
    }

    /** Lines for an image of that size, never fewer than one. */
    static int lines(int imageWidth, int imageHeight, int width) {
        return (int) Math.max(1, Math.round(width * (double) imageHeight / imageWidth / CELL_ASPECT));
    }

    @Override
    public Output apply(BufferedImage image, Progress progress) {
        int w = image.getWidth();
        int h = image.getHeight();
        int rows = lines(w, h, width);
        int[] src = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        boolean alpha = image.getColorModel().hasAlpha();
        String ramp = invert ? new StringBuilder(RAMP).reverse().toString() : RAMP;
        int levels = ramp.length();
        // Column blocks; a block is at least one pixel wide even when there are more characters than pixels.
        int[] x0 = new int[width];
        int[] x1 = new int[width];
        for (int c = 0; c < width; c++) {
            x0[c] = Math.min(w - 1, (int) ((long) c * w / width));
            x1[c] = Math.max(x0[c] + 1, (int) ((long) (c + 1) * w / width));
        }
        char[] text = new char[rows * (width + 1) - 1];
        RowBands.inParallel(rows, progress, (from, to) -> {
            long[] sum = new long[width];
            for (int line = from; line < to; line++) {
                int y0 = Math.min(h - 1, (int) ((long) line * h / rows));
                int y1 = Math.max(y0 + 1, (int) ((long) (line + 1) * h / rows));
                java.util.Arrays.fill(sum, 0);
                for (int y = y0; y < y1; y++) {
                    int row = y * w;
                    for (int c = 0; c < width; c++) {
                        long s = 0;
                        for (int x = x0[c]; x < x1[c]; x++) {
                            s += alpha ? onWhite(src[row + x]) : Grayscale.luminosity(src[row + x]);
                        }
                        sum[c] += s;
                    }
                }
                int at = line * (width + 1);
                for (int c = 0; c < width; c++) {
                    long n = (long) (y1 - y0) * (x1[c] - x0[c]);
                    double luminosity = (double) sum[c] / n;
                    text[at + c] = ramp.charAt((int) Math.min(levels - 1, luminosity * levels / 256));
                }
                if (line < rows - 1) {
                    text[at + width] = '\n';
                }
            }
        });
        return new Output.Text(new String(text));
    }

    private static int onWhite(int argb) {
        int a = argb >>> 24;
        return (Grayscale.luminosity(argb) * a + 255 * (255 - a) + 127) / 255;
    }
}
