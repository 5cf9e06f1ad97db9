package dev.darkroom.image;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.ByteOrder;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import dev.darkroom.operation.DecodeHint;
import dev.darkroom.operation.Progress;

/**
 * JPEG decoding and encoding by libjpeg-turbo (Debian's {@code libturbojpeg0}, the TurboJPEG 2.x API) through
 * Java's foreign function API: the library Pillow and libvips decode with, SIMD included. It
 * scales while it decodes (1/2, 1/4, 1/8: the IDCT itself shrinks, so a thumbnail costs little
 * more than the entropy decoding), handles progressive and arithmetic-coded files, and refuses
 * malformed ones as libjpeg does.
 *
 * <p>Native memory: pixels are decoded into a native buffer and copied into the Java raster.
 * Decompressors (a TurboJPEG handle, an 8 MB scratch buffer and the largest full-decode buffer up
 * to 64 MB they have needed) are pooled, at most one idle per core, so a thumbnail or a repeated
 * full decode costs no malloc and no page faults. A decode over 64 MB gets its own buffer from a
 * confined arena, freed as soon as its pixels are copied. Work that decodes reserves the buffer
 * in the memory budget too (see {@code work.Footprint}); what idle decompressors keep is outside
 * it, at most 72 MB per core.
 *
 * <p>Encoding ({@link #encode}) writes what ImageIO's JPEG writer writes at the same quality: the
 * IJG quality scaling of the standard tables, 4:2:0 chroma, the accurate integer DCT, standard
 * Huffman tables. Compressors are pooled the same way, each with a 4 MB scratch buffer (outside
 * the memory budget, like the decompressors' buffers) that a thumbnail's pixels and its
 * worst-case JPEG fit in. A larger image's pixels get a native copy of their own, freed after
 * the call; by then the operation's working planes are gone, so the copy stays within the
 * packed-int copies its job reserved (input, output and at least one more). Its JPEG is written
 * into memory libjpeg-turbo allocates and grows, given back with {@code tjFree} once copied.
 */
final class TurboJpeg implements JpegCodec {

    /** The soname of Debian's libturbojpeg0 (Ubuntu's libturbojpeg), then the development link. */
    static final String[] LIBRARY_NAMES = {"libturbojpeg.so.0", "libturbojpeg.so"};

    private static final int TJPF_BGRX = 3;
    private static final int TJPF_XRGB = 5;
    private static final int TJPF_GRAY = 6;
    private static final int TJSAMP_420 = 2;
    private static final int TJSAMP_GRAY = 3;
    private static final int TJFLAG_NOREALLOC = 1024;
    private static final int TJCS_CMYK = 3;
    private static final int TJCS_YCCK = 4;
    private static final int TJFLAG_FASTUPSAMPLE = 256;
    private static final int TJFLAG_FASTDCT = 2048;
    /** Refuses progressive files of more than 500 scans, a known way to make a small file cost minutes. */
    private static final int TJFLAG_LIMITSCANS = 32768;
    private static final int TJERR_WARNING = 0;

    /** Scratch kept by each pooled decompressor: every thumbnail and the input of most files fit. */
    static final long SCRATCH_BYTES = 8L << 20;
    /**
     * The largest full-decode buffer a pooled decompressor keeps between calls: 16 MP (a 5120×2880
     * or 4592×3056 photo). Larger decodes get a buffer of their own, freed after the call.
     */
    static final long RETAINED_BYTES = 64L << 20;
    /** Scratch kept by each pooled compressor: a 640×640 image's pixels and its largest possible JPEG. */
    static final long COMPRESS_SCRATCH_BYTES = 4L << 20;

    private static final ValueLayout.OfInt NATIVE_INT = JAVA_INT.withOrder(ByteOrder.nativeOrder());

    private final MethodHandle initDecompress;
    private final MethodHandle decompressHeader3;
    private final MethodHandle decompress2;
    private final MethodHandle getErrorStr2;
    private final MethodHandle getErrorCode;
    private final MethodHandle destroy;
    private final MethodHandle initCompress;
    private final MethodHandle compress2;
    private final MethodHandle bufSize;
    private final MethodHandle free;
    private final String library;
    private final Pool<Decompressor> decompressors = new Pool<>();
    private final Pool<Compressor> compressors = new Pool<>();

    private TurboJpeg(SymbolLookup lookup, String library) {
        Linker linker = Linker.nativeLinker();
        this.library = library;
        initDecompress = linker.downcallHandle(find(lookup, "tjInitDecompress"), FunctionDescriptor.of(ADDRESS));
        decompressHeader3 = linker.downcallHandle(find(lookup, "tjDecompressHeader3"), FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, ADDRESS));
        decompress2 = linker.downcallHandle(find(lookup, "tjDecompress2"), FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, JAVA_LONG, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT));
        getErrorStr2 = linker.downcallHandle(find(lookup, "tjGetErrorStr2"), FunctionDescriptor.of(ADDRESS, ADDRESS));
        getErrorCode = linker.downcallHandle(find(lookup, "tjGetErrorCode"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
        destroy = linker.downcallHandle(find(lookup, "tjDestroy"), FunctionDescriptor.of(JAVA_INT, ADDRESS));
        initCompress = linker.downcallHandle(find(lookup, "tjInitCompress"), FunctionDescriptor.of(ADDRESS));
        compress2 = linker.downcallHandle(find(lookup, "tjCompress2"), FunctionDescriptor.of(JAVA_INT,
                ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT, JAVA_INT, ADDRESS, ADDRESS, JAVA_INT, JAVA_INT, JAVA_INT));
        bufSize = linker.downcallHandle(find(lookup, "tjBufSize"), FunctionDescriptor.of(JAVA_LONG, JAVA_INT, JAVA_INT, JAVA_INT));
        free = linker.downcallHandle(find(lookup, "tjFree"), FunctionDescriptor.ofVoid(ADDRESS));
    }

    private static MemorySegment find(SymbolLookup lookup, String name) {
        return lookup.find(name).orElseThrow(() -> new IllegalStateException(name + " is missing from libturbojpeg"));
    }

    /**
     * The library, or an exception saying why it cannot be used (not installed, too old, native
     * access denied). Decodes a tiny JPEG once, so a library that loads but does not work is
     * found out here rather than on a user's photo.
     */
    static TurboJpeg load() {
        RuntimeException failure = null;
        for (String name : LIBRARY_NAMES) {
            try {
                TurboJpeg codec = new TurboJpeg(SymbolLookup.libraryLookup(name, Arena.global()), name);
                codec.selfTest();
                return codec;
            } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
                if (failure == null) {
                    failure = e;
                }
            } catch (IllegalCallerException e) {
                throw new IllegalStateException("native access is not enabled (run java with "
                        + "--enable-native-access=ALL-UNNAMED)", e);
            }
        }
        throw new IllegalStateException(failure == null ? "libturbojpeg not found" : failure.getMessage(), failure);
    }

    private void selfTest() {
        BufferedImage image = decode(SelfTest.JPEG, DecodeHint.FULL, true, false);
        if (image == null || image.getWidth() != 8 || image.getHeight() != 8) {
            throw new IllegalStateException("libturbojpeg decoded its self-test image wrongly");
        }
        byte[] again = encode(image, 85);
        if (again == null || decode(again, DecodeHint.FULL, true, false).getWidth() != 8) {
            throw new IllegalStateException("libturbojpeg encoded its self-test image wrongly");
        }
    }

    @Override
    public String name() {
        return "libjpeg-turbo";
    }

    String library() {
        return library;
    }

    @Override
    public BufferedImage decode(byte[] jpeg, DecodeHint hint, boolean upright, Progress progress) {
        return decode(jpeg, hint, upright, true);
    }

    /** @param cutScans whether a progressive file decoded at 1/8 may skip the scans that decode ignores ({@link JpegEighthScans}) */
    BufferedImage decode(byte[] jpeg, DecodeHint hint, boolean upright, boolean cutScans) {
        Decompressor d = decompressors.poll();
        d = d != null ? d : new Decompressor();
        BufferedImage image;
        try {
            image = d.decode(jpeg, hint, upright, cutScans);
        } catch (RuntimeException | Error e) {
            // TurboJPEG 2.x leaves a handle mid-header after an error (the next file would then
            // "have two SOF markers"): a failed handle is never reused.
            d.close();
            throw e;
        }
        decompressors.give(d);
        return image;
    }

    @Override
    public byte[] encode(BufferedImage image, int quality) {
        Source source = Source.of(image);
        if (source == null) {
            return null;
        }
        Compressor c = compressors.poll();
        c = c != null ? c : new Compressor();
        byte[] jpeg;
        try {
            jpeg = c.encode(source, image.getWidth(), image.getHeight(), quality);
        } catch (RuntimeException | Error e) {
            c.close();   // as with decompressors: a handle that failed is not trusted again
            throw e;
        }
        compressors.give(c);
        return jpeg;
    }

    /** Idle handles with their memory, at most one per core. */
    private static final class Pool<T extends AutoCloseable> {
        private final ConcurrentLinkedQueue<T> idle = new ConcurrentLinkedQueue<>();
        private final AtomicInteger idleCount = new AtomicInteger();
        private final int maxIdle = Math.max(2, Runtime.getRuntime().availableProcessors());

        /** An idle one, or null: the caller makes a new one. */
        T poll() {
            T t = idle.poll();
            if (t != null) {
                idleCount.decrementAndGet();
            }
            return t;
        }

        void give(T t) {
            if (idleCount.incrementAndGet() <= maxIdle) {
                idle.offer(t);
            } else {
                idleCount.decrementAndGet();
                try {
                    t.close();
                } catch (Exception e) {
                    // Our handles' close does not throw.
                }
            }
        }
    }

    /** A TurboJPEG handle and its scratch memory; used by one thread at a time. */
    private final class Decompressor implements AutoCloseable {
        private final Arena arena = Arena.ofShared();
        private final MemorySegment handle;
        private final MemorySegment scratch;
        /** width, height, subsampling, colour space: the header's four out-parameters. */
        private final MemorySegment header;
        private Arena retainedArena;
        private MemorySegment retained;

        Decompressor() {
            handle = newHandle(initDecompress, "tjInitDecompress");
            scratch = arena.allocate(SCRATCH_BYTES, 16);
            header = arena.allocate(JAVA_INT, 4);
        }

        BufferedImage decode(byte[] jpeg, DecodeHint hint, boolean upright, boolean cutScans) {
            long outputLimit = SCRATCH_BYTES - align(jpeg.length);
            try (Arena call = jpeg.length > SCRATCH_BYTES / 2 ? Arena.ofConfined() : null) {
                MemorySegment input = call == null ? scratch.asSlice(0, jpeg.length) : call.allocate(jpeg.length);
                MemorySegment.copy(jpeg, 0, input, ValueLayout.JAVA_BYTE, 0, jpeg.length);
                int status = (int) decompressHeader3.invokeExact(handle, input, (long) jpeg.length,
                        header.asSlice(0, 4), header.asSlice(4, 4), header.asSlice(8, 4), header.asSlice(12, 4));
                if (status != 0) {
                    throw refused();
                }
                int width = header.getAtIndex(JAVA_INT, 0);
                int height = header.getAtIndex(JAVA_INT, 1);
                int colourSpace = header.getAtIndex(JAVA_INT, 3);
                ImageDecoder.refuseBombs(ImageFormat.JPEG, width, height);
                if (colourSpace == TJCS_CMYK || colourSpace == TJCS_YCCK) {
                    return null;   // ImageIO (TwelveMonkeys) knows the CMYK conventions and profiles
                }
                int denominator = upright ? hint.scaleDenominator(width, height) : hint.scaleDenominator(height, width);
                if (denominator == 8 && cutScans) {
                    byte[] cut = JpegEighthScans.only(jpeg);
                    if (cut != null) {
                        return decode(cut, hint, upright, false);   // the same pixels at 1/8, from half the scans
                    }
                }
                int outW = (width + denominator - 1) / denominator;
                int outH = (height + denominator - 1) / denominator;
                long bytes = (long) outW * outH * 4;
                MemorySegment output;
                Arena big = null;
                if (call == null && bytes <= outputLimit) {
                    output = scratch.asSlice(align(jpeg.length), bytes);
                } else if (bytes <= RETAINED_BYTES) {
                    output = retained(bytes);
                } else {
                    big = call != null ? call : Arena.ofConfined();
                    output = big.allocate(bytes, 16);
                }
                try {
                    // A scaled decode only feeds a shrink: Pillow's draft mode takes the same shortcuts.
                    int flags = TJFLAG_LIMITSCANS | (denominator > 1 ? TJFLAG_FASTDCT | TJFLAG_FASTUPSAMPLE : 0);
                    status = (int) decompress2.invokeExact(handle, input, (long) jpeg.length, output, outW, outW * 4, outH,
                            TJPF_BGRX, flags);
                    if (status != 0) {
                        checkWarning();
                    }
                    return toImage(output, outW, outH);
                } finally {
                    if (big != null && big != call) {
                        big.close();
                    }
                }
            } catch (RuntimeException | Error e) {
                throw e;   // a refusal, or an OutOfMemoryError for the job engine to fail the job with
            } catch (Throwable e) {
                throw new IllegalStateException("libturbojpeg call failed", e);
            }
        }

        /**
         * The output buffer kept for full decodes up to {@link #RETAINED_BYTES}, grown as needed.
         * Fresh native memory costs a page fault per 4 KB on first touch (measured at several
         * times libjpeg's own decode time for a 15 MP image on a busy machine), so a
         * decompressor keeps the largest it has needed.
         */
        private MemorySegment retained(long bytes) {
            if (retained == null || retained.byteSize() < bytes) {
                if (retainedArena != null) {
                    retainedArena.close();
                }
                retainedArena = Arena.ofShared();
                long size = Math.min(RETAINED_BYTES, (bytes + SCRATCH_BYTES - 1) / SCRATCH_BYTES * SCRATCH_BYTES);
                retained = retainedArena.allocate(size, 16);
            }
            return retained.asSlice(0, bytes);
        }

        /**
         * A warning leaves an image of the full size, but not always the right pixels. Warnings
         * about the file's bookkeeping (an unknown JFIF revision, odd SOS parameters that some
         * cameras write, stray bytes between markers, which libjpeg skips) are harmless. Corrupt
         * data is not: after a truncated file, a bad Huffman code or a lost restart marker,
         * libjpeg fills the rest with grey or garbage, which is a wrong answer, so those are
         * refused like errors, as on the ImageIO path.
         */
        private void checkWarning() throws Throwable {
            String message = message();
            int code = (int) getErrorCode.invokeExact(handle);
            String lower = message.toLowerCase(Locale.ROOT);
            boolean corrupt = lower.contains("premature end")
                    || lower.contains("corrupt jpeg data") && !lower.contains("extraneous bytes before marker");
            if (code != TJERR_WARNING || corrupt) {
                throw ImageDecoder.refusal(ImageFormat.JPEG, message);
            }
        }

        private UnreadableImageException refused() throws Throwable {
            return ImageDecoder.refusal(ImageFormat.JPEG, message());
        }

        private String message() throws Throwable {
            return errorOf(handle);
        }

        @Override
        public void close() {
            destroyQuietly(handle);
            arena.close();
            if (retainedArena != null) {
                retainedArena.close();
            }
        }
    }

    /**
     * Pixels libjpeg-turbo can read as they lie in the Java array: packed RGB ints (BGRX bytes
     * on a little-endian machine) or grey bytes, one row after another with no padding. Anything
     * else (indexed colours, 16-bit, a sub-image) is left to ImageIO.
     */
    private record Source(Object array, long bytes, int pixelFormat, int subsampling, int bytesPerPixel) {

        static Source of(BufferedImage image) {
            var raster = image.getRaster();
            int w = image.getWidth();
            int h = image.getHeight();
            boolean plain = raster.getParent() == null && raster.getSampleModelTranslateX() == 0
                    && raster.getSampleModelTranslateY() == 0 && raster.getDataBuffer().getNumBanks() == 1
                    && raster.getDataBuffer().getOffset() == 0;
            if (!plain) {
                return null;
            }
            if (image.getType() == BufferedImage.TYPE_INT_RGB
                    && raster.getSampleModel() instanceof java.awt.image.SinglePixelPackedSampleModel sm
                    && sm.getScanlineStride() == w) {
                int format = ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? TJPF_BGRX : TJPF_XRGB;
                return new Source(((DataBufferInt) raster.getDataBuffer()).getData(), (long) w * h * 4, format, TJSAMP_420, 4);
            }
            if (image.getType() == BufferedImage.TYPE_BYTE_GRAY
                    && raster.getSampleModel() instanceof java.awt.image.PixelInterleavedSampleModel sm
                    && sm.getScanlineStride() == w && sm.getPixelStride() == 1) {
                return new Source(((java.awt.image.DataBufferByte) raster.getDataBuffer()).getData(), (long) w * h,
                        TJPF_GRAY, TJSAMP_GRAY, 1);
            }
            return null;
        }

        void copyTo(MemorySegment to) {
            if (array instanceof int[] ints) {
                MemorySegment.copy(ints, 0, to, NATIVE_INT, 0, ints.length);
            } else {
                byte[] grey = (byte[]) array;
                MemorySegment.copy(grey, 0, to, ValueLayout.JAVA_BYTE, 0, grey.length);
            }
        }
    }

    /** A TurboJPEG compressor handle and its scratch memory; used by one thread at a time. */
    private final class Compressor implements AutoCloseable {
        private final Arena arena = Arena.ofShared();
        private final MemorySegment handle;
        private final MemorySegment scratch;
        /** tjCompress2's out-parameters: the JPEG's address, then its size. */
        private final MemorySegment out;

        Compressor() {
            handle = newHandle(initCompress, "tjInitCompress");
            scratch = arena.allocate(COMPRESS_SCRATCH_BYTES, 16);
            out = arena.allocate(16, 8);
        }

        byte[] encode(Source source, int width, int height, int quality) {
            MemorySegment allocated = MemorySegment.NULL;
            try (Arena call = Arena.ofConfined()) {
                long worst = (long) bufSize.invokeExact(width, height, source.subsampling());
                MemorySegment input;
                int flags;
                if (worst > 0 && align(source.bytes()) + worst <= COMPRESS_SCRATCH_BYTES) {
                    // Small enough (every thumbnail): pixels and JPEG both in the scratch, no malloc.
                    input = scratch.asSlice(0, source.bytes());
                    out.set(ADDRESS, 0, scratch.asSlice(align(source.bytes())));
                    out.set(JAVA_LONG, 8, worst);
                    flags = TJFLAG_NOREALLOC;
                } else {
                    // libjpeg-turbo grows its own buffer as the JPEG comes out, rather than
                    // reserving the worst case (more than the pixels themselves) up front.
                    input = call.allocate(source.bytes(), 16);
                    out.set(ADDRESS, 0, MemorySegment.NULL);
                    out.set(JAVA_LONG, 8, 0L);
                    flags = 0;
                }
                source.copyTo(input);
                int status = (int) compress2.invokeExact(handle, input, width, width * source.bytesPerPixel(), height,
                        source.pixelFormat(), out.asSlice(0, 8), out.asSlice(8, 8), source.subsampling(), quality, flags);
                MemorySegment jpeg = out.get(ADDRESS, 0);
                if (flags == 0) {
                    allocated = jpeg;
                }
                if (status != 0) {
                    throw new IllegalStateException("libjpeg-turbo could not encode a " + width + "x" + height
                            + " JPEG: " + message());
                }
                long size = out.get(JAVA_LONG, 8);
                return jpeg.reinterpret(size).toArray(ValueLayout.JAVA_BYTE);
            } catch (RuntimeException | Error e) {
                throw e;
            } catch (Throwable e) {
                throw new IllegalStateException("libturbojpeg call failed", e);
            } finally {
                if (allocated.address() != 0) {
                    try {
                        free.invokeExact(allocated);
                    } catch (Throwable e) {
                        // tjFree is free(): it does not fail.
                    }
                }
            }
        }

        private String message() throws Throwable {
            return errorOf(handle);
        }

        @Override
        public void close() {
            destroyQuietly(handle);
            arena.close();
        }
    }

    /** A compressor or decompressor handle from {@code init}, one of TurboJPEG's tjInit functions. */
    private static MemorySegment newHandle(MethodHandle init, String name) {
        MemorySegment handle;
        try {
            handle = (MemorySegment) init.invokeExact();
        } catch (Throwable e) {
            throw new IllegalStateException(name + " failed", e);
        }
        if (handle.address() == 0) {
            throw new IllegalStateException(name + " failed");
        }
        return handle;
    }

    /** What TurboJPEG says went wrong with the last call on {@code handle}, compressor or decompressor. */
    private String errorOf(MemorySegment handle) throws Throwable {
        MemorySegment text = (MemorySegment) getErrorStr2.invokeExact(handle);
        return text.address() == 0 ? "unknown error" : text.reinterpret(1024).getString(0);
    }

    private void destroyQuietly(MemorySegment handle) {
        try {
            int ignored = (int) destroy.invokeExact(handle);
        } catch (Throwable e) {
            // Nothing left to do for a handle that will not close.
        }
    }

    private static long align(long offset) {
        return (offset + 15) & ~15L;
    }

    /**
     * BGRX bytes are 0xXXRRGGBB ints on a little-endian machine; libjpeg sets X to 0xFF, and
     * TYPE_INT_RGB keeps the top byte 0, so it is cleared on the way.
     */
    private static BufferedImage toImage(MemorySegment bgrx, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int[] pixels = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        MemorySegment.copy(bgrx, NATIVE_INT, 0, pixels, 0, pixels.length);
        for (int i = 0; i < pixels.length; i++) {
            pixels[i] &= 0xffffff;
        }
        return image;
    }

    /** An 8×8 grey baseline JPEG, for the check at load. */
    private static final class SelfTest {
        static final byte[] JPEG = java.util.HexFormat.of().parseHex(
                "ffd8ffdb004300100b0c0e0c0a100e0d0e1211101318281a181616183123251d283a333d3c3933383740485c4e404457"
                + "453738506d51575f626768673e4d71797064785c656763ffc0000b080008000801011100ffc4001f0000010501010101"
                + "010100000000000000000102030405060708090a0bffc400b5100002010303020403050504040000017d010203000411"
                + "05122131410613516107227114328191a1082342b1c11552d1f02433627282090a161718191a25262728292a34353637"
                + "38393a434445464748494a535455565758595a636465666768696a737475767778797a838485868788898a9293949596"
                + "9798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8"
                + "e9eaf1f2f3f4f5f6f7f8f9faffda0008010100003f002bffd9");
    }
}
