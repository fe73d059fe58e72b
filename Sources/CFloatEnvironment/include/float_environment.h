#ifndef GNN2GNN_FLOAT_ENVIRONMENT_H
#define GNN2GNN_FLOAT_ENVIRONMENT_H

/// Sets (1) or clears (0) flush-to-zero and denormals-are-zero for the calling thread's floating-point
/// unit; returns 1 when the processor has such a mode here (x86-64 SSE, AArch64), 0 otherwise.
int gnn2gnn_set_flush_denormals(int enabled);

/// 1 when flush-to-zero is set for the calling thread, 0 otherwise.
int gnn2gnn_flush_denormals_enabled(void);

#endif
