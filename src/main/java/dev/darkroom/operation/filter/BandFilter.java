package dev.darkroom.operation.filter;

import dev.darkroom.operation.Operation;

/**
 * A Pillow filter, run band by band through {@link Planes}: besides the input and the output it
 * holds the 8-bit planes and a working plane or two, about one more image's worth.
 */
interface BandFilter extends Operation {

    @Override
    default int workingCopies() {
        return 4;
    }
}
