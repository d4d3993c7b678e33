// The header's inline function is the whole module; SwiftPM needs one C source file.
#include "CTrueReachMalloc.h"
