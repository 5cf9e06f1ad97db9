package dev.darkroom.image;

import java.util.UUID;

import org.springframework.http.HttpStatus;

import dev.darkroom.web.ApiException;
import dev.darkroom.web.ProblemType;

public final class ImageProblems {

    public static final ProblemType NOT_FOUND = new ProblemType("image-not-found", HttpStatus.NOT_FOUND, "Image not found");
    public static final ProblemType BAD_CURSOR = new ProblemType("invalid-cursor", HttpStatus.BAD_REQUEST, "Invalid cursor");
    public static final ProblemType NO_THUMBNAIL =
            new ProblemType("thumbnail-not-ready", HttpStatus.NOT_FOUND, "Thumbnail not ready");
    public static final ProblemType NOT_STORED =
            new ProblemType("original-not-available", HttpStatus.CONFLICT, "Original not available yet");

    private ImageProblems() {
    }

    public static ApiException notFound(UUID id) {
        return NOT_FOUND.because("No image has id " + id + "; it may have been deleted. GET /api/images lists the images.")
                .with("imageId", id);
    }
}
