package dev.darkroom.image;

import java.util.UUID;

import org.springframework.http.HttpStatus;

import dev.darkroom.web.ApiException;
import dev.darkroom.web.ProblemType;

public final class ImageProblems {

    public static final ProblemType NOT_FOUND = new ProblemType("image-not-found", HttpStatus.NOT_FOUND, "Image not found",
            "No image has this id, or it has been deleted. GET /api/images lists the images; upload with POST /api/images.");
    public static final ProblemType NO_THUMBNAIL =
            new ProblemType("thumbnail-not-ready", HttpStatus.NOT_FOUND, "Thumbnail not ready",
            "The image has no thumbnail yet; it appears once processing completes.");
    public static final ProblemType NOT_STORED =
            new ProblemType("original-not-available", HttpStatus.CONFLICT, "Original not available yet",
            "The image was registered by URL and has not been downloaded yet; try again once it is processed.");

    /** Raised at upload (a header that cannot be read) and by any route that decodes (a damaged file). */
    public static final ProblemType UNREADABLE = new ProblemType("unreadable-image", HttpStatus.UNPROCESSABLE_CONTENT,
            "Unreadable image", "The file claims to be an image but cannot be read: it is damaged or truncated.");

    private ImageProblems() {
    }

    public static ApiException notFound(UUID id) {
        return NOT_FOUND.because("No image has id " + id + "; it may have been deleted. GET /api/images lists the images.")
                .with("imageId", id);
    }
}
