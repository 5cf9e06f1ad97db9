package dev.darkroom.upload;

import org.springframework.http.HttpStatus;

import dev.darkroom.web.ProblemType;

final class UploadProblems {

    static final ProblemType NOT_AN_IMAGE =
            new ProblemType("unsupported-image-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Not a supported image",
            "The file is not a JPEG, PNG, GIF, BMP, TIFF or WebP image, judged by its content rather than its name.");
    static final ProblemType TOO_LARGE = new ProblemType("file-too-large", HttpStatus.CONTENT_TOO_LARGE, "File too large",
            "The file is larger than an upload may be; the detail gives the limit.");
    static final ProblemType TOO_MANY_PIXELS =
            new ProblemType("too-many-pixels", HttpStatus.UNPROCESSABLE_CONTENT, "Image dimensions too large",
            "The image's stated dimensions exceed the pixel limit, so it is refused before it is decoded.");
    static final ProblemType UNREADABLE = dev.darkroom.image.ImageProblems.UNREADABLE;
    static final ProblemType EMPTY = new ProblemType("empty-file", HttpStatus.BAD_REQUEST, "Empty file",
            "The file has no bytes.");
    static final ProblemType NO_FILES = new ProblemType("no-files", HttpStatus.BAD_REQUEST, "No files in the request",
            "The request carries no file parts. Send images as multipart/form-data parts named file.");
    static final ProblemType TOO_MANY_FILES = new ProblemType("too-many-files", HttpStatus.BAD_REQUEST, "Too many files",
            "The request carries more files than one upload may; send the rest in another request.");

    private UploadProblems() {
    }
}
