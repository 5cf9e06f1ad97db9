package dev.darkroom.image;

import java.util.Locale;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the JPEG codec once: {@code darkroom.image.jpeg-codec} = {@code auto} (libjpeg-turbo
 * when the system has it, else Java), {@code libjpeg-turbo} (and refuse to start without it) or
 * {@code java}. The choice is logged once, with what to install when the slower path runs.
 */
public final class JpegCodecs {

    public static final String PROPERTY = "darkroom.image.jpeg-codec";
    /** Debian's package name; Ubuntu's is libturbojpeg. */
    static final String PACKAGE = "libturbojpeg0";

    private static final Logger log = LoggerFactory.getLogger(JpegCodecs.class);
    private static volatile JpegCodec active;
    private static volatile TurboJpeg turbo;
    private static volatile String turboFailure;

    private JpegCodecs() {
    }

    /** The codec decoding JPEGs; until {@link #use} is called, the one the system property (or auto) picks. */
    static JpegCodec active() {
        JpegCodec codec = active;
        if (codec == null) {
            synchronized (JpegCodecs.class) {
                if (active == null) {
                    use(System.getProperty(PROPERTY, "auto"));
                }
                codec = active;
            }
        }
        return codec;
    }

    /**
     * Selects the codec by the property's value and logs which one runs.
     *
     * @return the codec's name
     * @throws IllegalArgumentException for an unknown value
     * @throws IllegalStateException when libjpeg-turbo is asked for and cannot be loaded
     */
    public static synchronized String use(String choice) {
        String value = choice == null ? "auto" : choice.trim().toLowerCase(Locale.ROOT);
        JpegCodec chosen = switch (value) {
            case "java" -> JavaJpeg.INSTANCE;
            case "libjpeg-turbo" -> {
                TurboJpeg loaded = turbo();
                if (loaded == null) {
                    throw new IllegalStateException(PROPERTY + "=libjpeg-turbo, but libjpeg-turbo cannot be used: "
                            + turboFailure + ". Install the " + PACKAGE + " package (apt-get install " + PACKAGE
                            + "), or set " + PROPERTY + "=auto");
                }
                yield loaded;
            }
            case "auto" -> {
                TurboJpeg loaded = turbo();
                yield loaded != null ? loaded : JavaJpeg.INSTANCE;
            }
            default -> throw new IllegalArgumentException(PROPERTY + " must be auto, libjpeg-turbo or java, not '" + choice + "'");
        };
        if (chosen != active) {
            if (chosen instanceof TurboJpeg loaded) {
                log.info("JPEG codec: libjpeg-turbo ({}) through the foreign function API", loaded.library());
            } else if (value.equals("java")) {
                log.info("JPEG codec: pure Java (ImageIO and the draft decoder), as {}=java asks; libjpeg-turbo decodes "
                        + "several times faster", PROPERTY);
            } else {
                log.warn("JPEG codec: pure Java (ImageIO and the draft decoder), the slower path: libjpeg-turbo cannot be "
                        + "used ({}). Install the {} package (apt-get install {}) for JPEG decoding several times faster",
                        turboFailure, PACKAGE, PACKAGE);
            }
            active = chosen;
        }
        return chosen.name();
    }

    /** libjpeg-turbo, loaded once, or null (the reason kept for the log). */
    static synchronized TurboJpeg turbo() {
        if (turbo == null && turboFailure == null) {
            try {
                turbo = TurboJpeg.load();
            } catch (RuntimeException | LinkageError e) {
                turboFailure = e.getMessage();
            }
        }
        return turbo;
    }
}
