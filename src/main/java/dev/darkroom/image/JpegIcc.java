package dev.darkroom.image;

import java.awt.color.ColorSpace;
import java.awt.color.ICC_ColorSpace;
import java.awt.color.ICC_Profile;
import java.awt.image.BufferedImage;
import java.awt.image.ColorConvertOp;
import java.awt.image.DirectColorModel;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import com.twelvemonkeys.imageio.color.ColorProfiles;

/**
 * The colour profile embedded in a JPEG's APP2 segments, for pixels from libjpeg-turbo or
 * {@link JpegDraft}, which do not pass through TwelveMonkeys (which converts profiled files on
 * the ImageIO path). Without it an Adobe RGB or Display P3 photo would come out dull and shifted.
 * An sRGB profile, the common case, is recognised by its contents ({@link SrgbProfile}) and
 * skipped without even being parsed; anything TwelveMonkeys takes for sRGB is skipped too.
 */
final class JpegIcc {

    private JpegIcc() {
    }

    /** An RGB profile other than sRGB, or null (none, sRGB, unreadable, or not RGB). */
    static ICC_Profile foreignRgbProfile(byte[] jpeg) {
        byte[] data = profileBytes(jpeg);
        if (data == null || SrgbProfile.is(data)) {
            return null;   // the common case, and sRGB to sRGB would only cost a transform
        }
        try {
            ICC_Profile profile = ICC_Profile.getInstance(data);
            return profile.getColorSpaceType() == ColorSpace.TYPE_RGB && !ColorProfiles.isCS_sRGB(profile) ? profile : null;
        } catch (RuntimeException e) {
            return null;   // a broken profile: showing the values as sRGB is the best left to do
        }
    }

    /** The INT_RGB image's values, read as being in {@code profile}'s space, converted to sRGB. */
    static BufferedImage toSrgb(BufferedImage image, ICC_Profile profile) {
        DirectColorModel model = new DirectColorModel(new ICC_ColorSpace(profile), 24, 0xff0000, 0xff00, 0xff, 0,
                false, java.awt.image.DataBuffer.TYPE_INT);
        BufferedImage tagged = new BufferedImage(model, image.getRaster(), false, null);
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_INT_RGB);
        new ColorConvertOp(null).filter(tagged, out);
        return out;
    }

    /** The ICC_PROFILE chunks in order, joined; null if there are none before the image data. */
    private static byte[] profileBytes(byte[] d) {
        ByteArrayOutputStream profile = null;
        int pos = 2;
        while (pos + 4 <= d.length && (d[pos] & 0xff) == 0xff) {
            int marker = d[pos + 1] & 0xff;
            if (marker == 0xff) {
                pos++;
                continue;
            }
            if (marker == 0xda || marker == 0xd9) {
                break;
            }
            int length = (d[pos + 2] & 0xff) << 8 | d[pos + 3] & 0xff;
            if (length < 2 || pos + 2 + length > d.length) {
                break;
            }
            if (marker == 0xe2 && length > 16
                    && new String(d, pos + 4, 11, StandardCharsets.US_ASCII).equals("ICC_PROFILE")) {
                if (profile == null) {
                    profile = new ByteArrayOutputStream();
                }
                // Chunks are written in sequence by every encoder we know of; a misordered one just fails to parse.
                profile.write(d, pos + 18, length - 16);
            }
            pos += 2 + length;
        }
        return profile == null ? null : profile.toByteArray();
    }
}
