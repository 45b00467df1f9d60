package org.tinyfit.model.io.cexport;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The C kernels of the generated source, each the mirror of a Java kernel
 * ({@code DenseKernels}, {@code KronKernels}, {@code SparseKernels}, {@code Int8Kernels},
 * {@code Quant}, {@code Nonlinear}) with the same operation order, so that the C
 * reproduces TinyFit's inference: float32 to the last bit with the default
 * nonlinearities, int8 kernels bit for bit. Only the helpers a model uses are emitted
 * (the build uses -Werror, and unused static functions warn).
 */
final class CRuntime {
    private record Helper(List<String> deps, String code) { }

    private static final Map<String, Helper> HELPERS = new LinkedHashMap<>();

    private static void def(String name, List<String> deps, String code) {
        HELPERS.put(name, new Helper(deps, code));
    }

    static {
        def("code", List.of(), """
                /* Code k of a quantized tensor. Sub-byte codes (2..7 bits) form a little-endian bit
                   stream, code k in bits [k*b, k*b + b), two's complement (sign-extended here). */
                static int32_t tf_code(const tf_tensor *t, int32_t k)
                {
                    if (t->bits == 8) return ((const int8_t *)t->data)[k];
                    if (t->bits == 16) return ((const int16_t *)t->data)[k];
                    {
                        const uint8_t *p = (const uint8_t *)t->data;
                        int32_t bit = k * t->bits;
                        int32_t sh = bit & 7;
                        uint32_t v = (uint32_t)p[bit >> 3] >> sh;
                        if (sh + t->bits > 8) v |= (uint32_t)p[(bit >> 3) + 1] << (8 - sh);
                        v &= (1u << t->bits) - 1u;
                        return (v & (1u << (t->bits - 1))) ? (int32_t)v - (1 << t->bits) : (int32_t)v;
                    }
                }
                """);
        def("val", List.of("code"), """
                /* Weight k as the float kernels use it: the float32 value, or scale * code
                   (QTensor.values: one float multiply). */
                static float tf_val(const tf_tensor *t, int32_t k)
                {
                    if (t->bits == 32) return ((const float *)t->data)[k];
                    return t->scale * (float)tf_code(t, k);
                }
                """);
        def("dot_f", List.of("val"), """
                /* sum_k w[off + k] * x[k], four accumulators (DenseKernels.matvecBlock). */
                static float tf_dot_f(const tf_tensor *w, int32_t off, const float *x, int32_t len)
                {
                    float s0 = 0.0f, s1 = 0.0f, s2 = 0.0f, s3 = 0.0f;
                    int32_t len4 = len & ~3, k = 0;
                    for (; k < len4; k += 4) {
                        s0 += tf_val(w, off + k) * x[k];
                        s1 += tf_val(w, off + k + 1) * x[k + 1];
                        s2 += tf_val(w, off + k + 2) * x[k + 2];
                        s3 += tf_val(w, off + k + 3) * x[k + 3];
                    }
                    for (; k < len; k++) s0 += tf_val(w, off + k) * x[k];
                    return (s0 + s1) + (s2 + s3);
                }
                """);
        def("matvec_f", List.of("dot_f"), """
                /* y[i] = W[i, c0..c0+len) . x for rows i in [r0, r1) of a row-major matrix with n
                   columns (DenseKernels.matvecBlock; the whole matrix when r0 = 0, r1 = m, c0 = 0, len = n). */
                static void tf_matvec_f(const tf_tensor *w, int32_t n, int32_t r0, int32_t r1, int32_t c0, int32_t len,
                                        const float *x, float *y)
                {
                    int32_t i;
                    for (i = r0; i < r1; i++) y[i - r0] = tf_dot_f(w, i * n + c0, x, len);
                }
                """);
        def("kp_f", List.of("val"), """
                /* y = (B kron C) x without forming B kron C (KronKernels.matvec), B m1 x n1, C m2 x n2.
                   (CX)B^T: t_j += x_j[q] C[:, q] over q, then y_i += B[i][j] t_j over j   (t: m2*n1 floats);
                   C(XB^T): t[i*n2 + q] = sum_j B[i][j] x[j*n2 + q], then y_i += t_i[q] C[:, q] over q
                   (t: m1*n2). y_i is the block y[i*m2 .. i*m2 + m2); sums start at 0 in index order. */
                static void tf_kp_f(const tf_tensor *b, int32_t m1, int32_t n1, const tf_tensor *c, int32_t m2, int32_t n2,
                                    int cx_first, const float *x, float *y, float *t)
                {
                    int32_t i, j, p, q;
                    if (cx_first) {
                        for (j = 0; j < n1; j++) {
                            float *tj = t + j * m2;
                            for (p = 0; p < m2; p++) tj[p] = 0.0f;
                            for (q = 0; q < n2; q++) {
                                float xq = x[j * n2 + q];
                                for (p = 0; p < m2; p++) tj[p] += xq * tf_val(c, p * n2 + q);
                            }
                        }
                        for (i = 0; i < m1; i++) {
                            float *yi = y + i * m2;
                            for (p = 0; p < m2; p++) yi[p] = 0.0f;
                            for (j = 0; j < n1; j++) {
                                float bij = tf_val(b, i * n1 + j);
                                for (p = 0; p < m2; p++) yi[p] += bij * t[j * m2 + p];
                            }
                        }
                    } else {
                        for (i = 0; i < m1; i++) {
                            float *z = t + i * n2;
                            for (q = 0; q < n2; q++) z[q] = 0.0f;
                            for (j = 0; j < n1; j++) {
                                float bij = tf_val(b, i * n1 + j);
                                for (q = 0; q < n2; q++) z[q] += bij * x[j * n2 + q];
                            }
                        }
                        for (i = 0; i < m1; i++) {
                            float *yi = y + i * m2;
                            const float *z = t + i * n2;
                            for (p = 0; p < m2; p++) yi[p] = 0.0f;
                            for (q = 0; q < n2; q++) {
                                float zq = z[q];
                                for (p = 0; p < m2; p++) yi[p] += zq * tf_val(c, p * n2 + q);
                            }
                        }
                    }
                }
                """);
        def("index", List.of(), """
                /* Entry k of an unsigned index array of 1, 2 or 4 bytes per entry. */
                static uint32_t tf_index(const void *p, int bytes, int32_t k)
                {
                    if (bytes == 1) return ((const uint8_t *)p)[k];
                    if (bytes == 2) return ((const uint16_t *)p)[k];
                    return ((const uint32_t *)p)[k];
                }
                """);
        def("sparse_f", List.of("val", "index"), """
                /* y[i] (+)= sum of row i's non-zeros times x: two accumulators, s0 for a row's even
                   positions and s1 for its odd ones (SparseKernels.csrMatvec). The index is CSR
                   (row pointers, column indices) or a bitmap of m*n bits (bit i*n + j, LSB first). */
                static void tf_sparse_f(const tf_sparse *sp, int32_t m, int32_t n, const tf_tensor *v,
                                        const float *x, float *y, int accumulate)
                {
                    int32_t i, j, k = 0;
                    for (i = 0; i < m; i++) {
                        float s0 = 0.0f, s1 = 0.0f, s;
                        int32_t d = 0;
                        if (sp->bitmap != 0) {
                            for (j = 0; j < n; j++) {
                                int32_t bit = i * n + j;
                                if (!((sp->bitmap[bit >> 3] >> (bit & 7)) & 1u)) continue;
                                if (d++ & 1) s1 += tf_val(v, k) * x[j]; else s0 += tf_val(v, k) * x[j];
                                k++;
                            }
                        } else {
                            int32_t end = (int32_t)tf_index(sp->row_ptr, sp->ptr_bytes, i + 1);
                            for (k = (int32_t)tf_index(sp->row_ptr, sp->ptr_bytes, i); k < end; k++) {
                                float xv = x[tf_index(sp->col, sp->col_bytes, k)];
                                if (d++ & 1) s1 += tf_val(v, k) * xv; else s0 += tf_val(v, k) * xv;
                            }
                        }
                        s = s0 + s1;
                        y[i] = accumulate ? y[i] + s : s;
                    }
                    (void)n;
                }
                """);
        def("round", List.of(), """
                /* Round half away from zero in float (Quant.round). */
                static int32_t tf_round(float x)
                {
                    return x >= 0.0f ? (int32_t)(x + 0.5f) : (int32_t)(x - 0.5f);
                }
                """);
        def("maxabs", List.of(), """
                static float tf_maxabs(const float *x, int32_t n, float m)
                {
                    int32_t k;
                    for (k = 0; k < n; k++) {
                        float a = fabsf(x[k]);
                        if (a > m) m = a;
                    }
                    return m;
                }
                """);
        def("codes8", List.of("round"), """
                /* q[k] = round(x[k] / s) clamped to +-127, or zeros when x is null or s = 0. Safe in
                   place (q at or before x in memory): code k is written after x[k] is read and
                   before x[k+1..] are, and byte k never reaches float k+1. */
                static void tf_codes8(const float *x, int32_t n, float s, signed char *q)
                {
                    int32_t k;
                    for (k = 0; k < n; k++) {
                        int32_t v = (x == 0 || s == 0.0f) ? 0 : tf_round(x[k] / s);
                        q[k] = (signed char)(v > 127 ? 127 : (v < -127 ? -127 : v));
                    }
                }
                """);
        def("quant", List.of("maxabs", "codes8"), """
                /* The int8 rule of Quant.quantizeInt8 applied to the concatenation [a; b] (na + nb
                   values; a null part stands for zeros): s = max|.| / 127, codes to q; returns s. */
                static float tf_quant(const float *a, int32_t na, const float *b, int32_t nb, signed char *q)
                {
                    float m = 0.0f, s;
                    if (a != 0) m = tf_maxabs(a, na, m);
                    if (b != 0) m = tf_maxabs(b, nb, m);
                    s = m / 127.0f;
                    tf_codes8(a, na, s, q);
                    tf_codes8(b, nb, s, q + na);
                    return s;
                }
                """);
        def("dot_q", List.of("code"), """
                /* sum_k code(w, off + k) * x[k] in int32 (Int8Kernels.dot). */
                static int32_t tf_dot_q(const tf_tensor *w, int32_t off, const signed char *x, int32_t len)
                {
                    int32_t s = 0, k;
                    for (k = 0; k < len; k++) s += tf_code(w, off + k) * (int32_t)x[k];
                    return s;
                }
                """);
        def("matvec_q", List.of("dot_q"), """
                /* y[i] = (W_i . xq) * mult for i in [0, m), int32 sums (Int8Kernels.matvec + dequant). */
                static void tf_matvec_q(const tf_tensor *w, int32_t m, int32_t n, const signed char *xq, float mult, float *y)
                {
                    int32_t i;
                    for (i = 0; i < m; i++) y[i] = (float)tf_dot_q(w, i * n, xq, n) * mult;
                }
                """);
        def("requant", List.of("maxabs", "codes8"), """
                /* Re-quantizes an intermediate in place: its floats f[0..n) become int8 codes in the
                   first n bytes of the same buffer; returns the scale (Int8Kernels.requant). */
                static float tf_requant(float *f, int32_t n)
                {
                    float s = tf_maxabs(f, n, 0.0f) / 127.0f;
                    tf_codes8(f, n, s, (signed char *)f);
                    return s;
                }
                """);
        def("kp_q", List.of("dot_q", "code", "requant"), """
                /* y = (B kron C) x with int8 codes (Int8Kernels.kpMatvec): stage one in int32, scaled by
                   (scale of its factor * sx) and re-quantized in place in t; stage two in int32, scaled
                   by (scale of the other factor * scale of the intermediate). */
                static void tf_kp_q(const tf_tensor *b, int32_t m1, int32_t n1, const tf_tensor *c, int32_t m2, int32_t n2,
                                    int cx_first, const signed char *xq, float sx, float *y, float *t)
                {
                    int32_t i, j, p, q;
                    const signed char *tq = (const signed char *)t;
                    if (cx_first) {
                        float mult = c->scale * sx, st;
                        for (p = 0; p < m2; p++)
                            for (j = 0; j < n1; j++) t[p * n1 + j] = (float)tf_dot_q(c, p * n2, xq + j * n2, n2) * mult;
                        st = tf_requant(t, m2 * n1);
                        mult = b->scale * st;
                        for (i = 0; i < m1; i++)
                            for (p = 0; p < m2; p++) y[i * m2 + p] = (float)tf_dot_q(b, i * n1, tq + p * n1, n1) * mult;
                    } else {
                        float mult = b->scale * sx, sz;
                        for (i = 0; i < m1; i++)
                            for (q = 0; q < n2; q++) {
                                int32_t s = 0;
                                for (j = 0; j < n1; j++) s += tf_code(b, i * n1 + j) * (int32_t)xq[j * n2 + q];
                                t[i * n2 + q] = (float)s * mult;
                            }
                        sz = tf_requant(t, m1 * n2);
                        mult = c->scale * sz;
                        for (i = 0; i < m1; i++)
                            for (p = 0; p < m2; p++) y[i * m2 + p] = (float)tf_dot_q(c, p * n2, tq + i * n2, n2) * mult;
                    }
                }
                """);
        def("sparse_q", List.of("code", "index"), """
                /* y[i] (+)= (sum of row i's codes times xq, int32) * mult (Int8Kernels.csrMatvec). */
                static void tf_sparse_q(const tf_sparse *sp, int32_t m, int32_t n, const tf_tensor *v,
                                        const signed char *xq, float mult, float *y, int accumulate)
                {
                    int32_t i, j, k = 0;
                    for (i = 0; i < m; i++) {
                        int32_t s = 0;
                        if (sp->bitmap != 0) {
                            for (j = 0; j < n; j++) {
                                int32_t bit = i * n + j;
                                if ((sp->bitmap[bit >> 3] >> (bit & 7)) & 1u) s += tf_code(v, k++) * (int32_t)xq[j];
                            }
                        } else {
                            int32_t end = (int32_t)tf_index(sp->row_ptr, sp->ptr_bytes, i + 1);
                            for (k = (int32_t)tf_index(sp->row_ptr, sp->ptr_bytes, i); k < end; k++)
                                s += tf_code(v, k) * (int32_t)xq[tf_index(sp->col, sp->col_bytes, k)];
                        }
                        y[i] = accumulate ? y[i] + (float)s * mult : (float)s * mult;
                    }
                    (void)n;
                }
                """);
        def("sigmoid", List.of(), """
                #ifdef TINYFIT_FAST_NONLINEAR
                static float tf_sigmoid(float x) { return 1.0f / (1.0f + expf(-x)); }
                #else
                /* Nonlinear.sigmoid: the stable logistic in double precision, rounded to float. */
                static float tf_sigmoid(float x)
                {
                    if (x >= 0.0f) return (float)(1.0 / (1.0 + exp(-(double)x)));
                    {
                        double e = exp((double)x);
                        return (float)(e / (1.0 + e));
                    }
                }
                #endif
                """);
        def("tanh", List.of(), """
                #ifdef TINYFIT_FAST_NONLINEAR
                static float tf_tanh(float x) { return tanhf(x); }
                #else
                /* Nonlinear.tanh: tanh in double precision, rounded to float. */
                static float tf_tanh(float x) { return (float)tanh((double)x); }
                #endif
                """);
    }

    private final Set<String> used = new LinkedHashSet<>();

    /** Marks a helper (and what it calls) as used; returns its C name. */
    String use(String name) {
        Helper h = HELPERS.get(name);
        if (h == null) throw new IllegalArgumentException(name);
        for (String d : h.deps()) use(d);
        used.add(name);
        return "tf_" + name;
    }

    boolean usesSparse() { return used.contains("sparse_f") || used.contains("sparse_q"); }

    /** The used helpers, in definition order (callees before callers). */
    String emit() {
        StringBuilder sb = new StringBuilder();
        for (var e : HELPERS.entrySet()) {
            if (used.contains(e.getKey())) sb.append(e.getValue().code()).append('\n');
        }
        return sb.toString();
    }
}
