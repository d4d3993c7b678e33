#ifndef CTRUEREACH_MALLOC_H
#define CTRUEREACH_MALLOC_H

#if defined(__linux__)
#include <malloc.h>
#endif

/// Serves allocations of at least `bytes` with mmap, so freed batch buffers go back to the system.
/// Returns 1 on success, 0 where unsupported.
static inline int truereach_set_mmap_threshold(int bytes) {
#if defined(__linux__) && defined(M_MMAP_THRESHOLD)
    return mallopt(M_MMAP_THRESHOLD, bytes);
#else
    (void)bytes;
    return 0;
#endif
}

#endif
