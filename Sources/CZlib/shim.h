#ifndef CZLIB_SHIM_H
#define CZLIB_SHIM_H

#include <zlib.h>

/// inflateInit2 for raw deflate data (zip entries carry no zlib header); a macro in zlib.h, so
/// wrapped here for Swift.
static inline int truereach_inflate_init_raw(z_stream *stream) {
    return inflateInit2(stream, -MAX_WBITS);
}

#endif
