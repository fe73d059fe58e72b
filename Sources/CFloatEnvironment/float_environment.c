#include "float_environment.h"

#if defined(__x86_64__) || defined(_M_X64)
#include <xmmintrin.h>
/* MXCSR bit 15: flush to zero; bit 6: denormals are zero. */
#define GNN2GNN_FTZ_DAZ 0x8040u

int gnn2gnn_set_flush_denormals(int enabled) {
    unsigned int csr = _mm_getcsr();
    _mm_setcsr(enabled ? (csr | GNN2GNN_FTZ_DAZ) : (csr & ~GNN2GNN_FTZ_DAZ));
    return 1;
}

int gnn2gnn_flush_denormals_enabled(void) {
    return (_mm_getcsr() & GNN2GNN_FTZ_DAZ) == GNN2GNN_FTZ_DAZ;
}
#elif defined(__aarch64__)
/* FPCR bit 24: flush to zero. */
int gnn2gnn_set_flush_denormals(int enabled) {
    unsigned long fpcr;
    __asm__ volatile("mrs %0, fpcr" : "=r"(fpcr));
    fpcr = enabled ? (fpcr | (1ul << 24)) : (fpcr & ~(1ul << 24));
    __asm__ volatile("msr fpcr, %0" : : "r"(fpcr));
    return 1;
}

int gnn2gnn_flush_denormals_enabled(void) {
    unsigned long fpcr;
    __asm__ volatile("mrs %0, fpcr" : "=r"(fpcr));
    return (fpcr >> 24) & 1;
}
#else
int gnn2gnn_set_flush_denormals(int enabled) { (void)enabled; return 0; }
int gnn2gnn_flush_denormals_enabled(void) { return 0; }
#endif
