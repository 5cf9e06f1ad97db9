package dev.darkroom.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.Test;

/**
 * A file read whole is every byte of it, once, with its checksum; one longer than asked for
 * streams on from its first byte, nothing lost or repeated, whatever the sizes around the kept
 * head and the chunks it is read in.
 */
class UploadStreamTest {

    private static final int MAX = 1_000_000;

    @Test
    void aFileUpToTheLimitIsReadWholeAndALongerOneStreamsUnchanged() throws Exception {
        int head = UploadStream.HEAD_BYTES;
        for (int size : new int[] {1, 1000, head - 1, head, head + 1, head + 64 * 1024, head + 64 * 1024 + 1,
                MAX - 1, MAX, MAX + 1, 2 * MAX + 17}) {
            byte[] file = new byte[size];
            new Random(size).nextBytes(file);
            UploadStream upload = new UploadStream(new ByteArrayInputStream(file), 10L * MAX);
            upload.peek(12);
            byte[] whole = upload.readWhole(MAX);
            if (size <= MAX) {
                assertThat(whole).as("%d bytes, read whole", size).isEqualTo(file);
            } else {
                assertThat(whole).as("%d bytes, longer than asked", size).isNull();
                assertThat(upload.readAllBytes()).as("%d bytes, streamed", size).isEqualTo(file);
            }
            assertThat(upload.size()).isEqualTo(size);
            assertThat(upload.sha256Hex()).as("%d bytes", size)
                    .isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file)));
            assertThat(upload.head()).isEqualTo(java.util.Arrays.copyOf(file, Math.min(size, head)));
        }
    }

    @Test
    void theSizeLimitStillEndsAFileThatWasReadAheadOf() throws Exception {
        byte[] file = new byte[MAX];
        UploadStream upload = new UploadStream(new ByteArrayInputStream(file), MAX / 2);
        assertThat(upload.readWhole(2 * MAX)).isNull();
        assertThat(upload.readAllBytes()).hasSize(MAX / 2);
        assertThat(upload.exceeded()).isTrue();
    }
}
