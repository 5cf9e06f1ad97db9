package dev.darkroom.upload;

import org.springframework.http.HttpStatus;

import dev.darkroom.web.ProblemType;

final class UploadProblems {

    static final ProblemType NOT_AN_IMAGE =
            new ProblemType("unsupported-image-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Not a supported image");
    static final ProblemType TOO_LARGE = new ProblemType("file-too-large", HttpStatus.CONTENT_TOO_LARGE, "File too large");
    static final ProblemType TOO_MANY_PIXELS =
            new ProblemType("too-many-pixels", HttpStatus.UNPROCESSABLE_CONTENT, "Image dimensions too large");
    static final ProblemType UNREADABLE = new ProblemType("unreadable-image", HttpStatus.UNPROCESSABLE_CONTENT, "Unreadable image");
    static final ProblemType EMPTY = new ProblemType("empty-file", HttpStatus.BAD_REQUEST, "Empty file");
    static final ProblemType NO_FILES = new ProblemType("no-files", HttpStatus.BAD_REQUEST, "No files in the request");
    static final ProblemType TOO_MANY_FILES = new ProblemType("too-many-files", HttpStatus.BAD_REQUEST, "Too many files");

    private UploadProblems() {
    }
}
