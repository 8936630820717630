/*
 * See ed25519_fixed_key.h. Curve: -x^2 + y^2 = 1 + d x^2 y^2 over GF(2^255 - 19) (RFC 8032 5.1).
 * Field elements are five 51-bit limbs; points are extended coordinates (X:Y:Z:T), x = X/Z,
 * y = Y/Z, xy = T/Z, added with the complete formulas of Hisil, Wong, Carter and Dawson, "Twisted
 * Edwards curves revisited" (2008), a = -1. Each constant (d, sqrt(-1), the base point, the group
 * order) is derived or written from RFC 8032's definitions.
 *
 * A check computes R' = [s]B + [h](-A) with h = SHA-512(R || A || M) mod L, and accepts when the
 * encoding of R' equals R's bytes and R' is not of small order, which is what libsodium accepts:
 * s must be below L, A is refused at prepare time when libsodium would refuse it.
 */
#include "ed25519_fixed_key.h"

#include <openssl/sha.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

typedef unsigned __int128 u128;
typedef uint64_t fe[5];

#define MASK51 ((uint64_t)0x7ffffffffffff)

/* ---- the field ---- */

static void fe_copy(fe h, const fe f) { memcpy(h, f, sizeof(fe)); }

static void fe_set_small(fe h, uint64_t v) {
  h[0] = v;
  h[1] = h[2] = h[3] = h[4] = 0;
}

/* The same value with every limb below 2^52. */
static void fe_carry(fe h, const fe f) {
  uint64_t c = 0;
  for (int i = 0; i < 5; i++) {
    const uint64_t v = f[i] + c;
    c = v >> 51;
    h[i] = v & MASK51;
  }
  h[0] += 19 * c;
}

static void fe_add(fe h, const fe f, const fe g) {
  for (int i = 0; i < 5; i++) h[i] = f[i] + g[i];
}

/* f - g + 16p: every limb stays positive for any g with limbs below 2^55. */
static void fe_sub(fe h, const fe f, const fe g) {
  h[0] = f[0] + ((uint64_t)0x7ffffffffffed << 4) - g[0];
  for (int i = 1; i < 5; i++) h[i] = f[i] + ((uint64_t)0x7ffffffffffff << 4) - g[i];
}

/* Five 128-bit column sums carried into limbs below 2^52 (2^255 folded back as 19). */
static inline void fe_from_wide(fe h, u128 r0, u128 r1, u128 r2, u128 r3, u128 r4) {
  r1 += r0 >> 51;
  r2 += r1 >> 51;
  r3 += r2 >> 51;
  r4 += r3 >> 51;
  const u128 low = ((u128)((uint64_t)r0 & MASK51)) + (r4 >> 51) * 19;
  h[0] = (uint64_t)low & MASK51;
  h[1] = ((uint64_t)r1 & MASK51) + (uint64_t)(low >> 51);
  h[2] = (uint64_t)r2 & MASK51;
  h[3] = (uint64_t)r3 & MASK51;
  h[4] = (uint64_t)r4 & MASK51;
}

/* Limbs of the inputs below 2^58; the result's below 2^52. */
static void fe_mul(fe h, const fe f, const fe g) {
  const uint64_t f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4];
  const uint64_t g0 = g[0], g1 = g[1], g2 = g[2], g3 = g[3], g4 = g[4];
  const uint64_t g1_19 = 19 * g1, g2_19 = 19 * g2, g3_19 = 19 * g3, g4_19 = 19 * g4;
  const u128 r0 = (u128)f0 * g0 + (u128)f1 * g4_19 + (u128)f2 * g3_19 + (u128)f3 * g2_19 + (u128)f4 * g1_19;
  const u128 r1 = (u128)f0 * g1 + (u128)f1 * g0 + (u128)f2 * g4_19 + (u128)f3 * g3_19 + (u128)f4 * g2_19;
  const u128 r2 = (u128)f0 * g2 + (u128)f1 * g1 + (u128)f2 * g0 + (u128)f3 * g4_19 + (u128)f4 * g3_19;
  const u128 r3 = (u128)f0 * g3 + (u128)f1 * g2 + (u128)f2 * g1 + (u128)f3 * g0 + (u128)f4 * g4_19;
  const u128 r4 = (u128)f0 * g4 + (u128)f1 * g3 + (u128)f2 * g2 + (u128)f3 * g1 + (u128)f4 * g0;
  fe_from_wide(h, r0, r1, r2, r3, r4);
}

static void fe_sq(fe h, const fe f) {
  const uint64_t f0 = f[0], f1 = f[1], f2 = f[2], f3 = f[3], f4 = f[4];
  const uint64_t f0_2 = 2 * f0, f1_2 = 2 * f1, f3_19 = 19 * f3, f4_19 = 19 * f4;
  const u128 r0 = (u128)f0 * f0 + (u128)f1_2 * f4_19 + (u128)(2 * f2) * f3_19;
  const u128 r1 = (u128)f0_2 * f1 + (u128)(2 * f2) * f4_19 + (u128)f3 * f3_19;
  const u128 r2 = (u128)f0_2 * f2 + (u128)f1 * f1 + (u128)(2 * f3) * f4_19;
  const u128 r3 = (u128)f0_2 * f3 + (u128)f1_2 * f2 + (u128)f4 * f4_19;
  const u128 r4 = (u128)f0_2 * f4 + (u128)f1_2 * f3 + (u128)f2 * f2;
  fe_from_wide(h, r0, r1, r2, r3, r4);
}

static void fe_sq_times(fe h, const fe f, int times) {
  fe_sq(h, f);
  for (int i = 1; i < times; i++) fe_sq(h, h);
}

/* The canonical 32 bytes (the value reduced below p). */
static void fe_tobytes(uint8_t s[32], const fe f) {
  uint64_t t[5];
  fe_copy(t, f);
  /* Three passes leave every limb below 2^51, so t < 2^255. */
  for (int pass = 0; pass < 3; pass++) {
    for (int i = 0; i < 4; i++) {
      t[i + 1] += t[i] >> 51;
      t[i] &= MASK51;
    }
    t[0] += 19 * (t[4] >> 51);
    t[4] &= MASK51;
  }
  /* Now t < 2^255 + small; subtract p once when t >= p. */
  uint64_t q = (t[0] + 19) >> 51;
  q = (t[1] + q) >> 51;
  q = (t[2] + q) >> 51;
  q = (t[3] + q) >> 51;
  q = (t[4] + q) >> 51;
  t[0] += 19 * q;
  for (int i = 0; i < 4; i++) {
    t[i + 1] += t[i] >> 51;
    t[i] &= MASK51;
  }
  t[4] &= MASK51;
  const uint64_t w0 = t[0] | (t[1] << 51);
  const uint64_t w1 = (t[1] >> 13) | (t[2] << 38);
  const uint64_t w2 = (t[2] >> 26) | (t[3] << 25);
  const uint64_t w3 = (t[3] >> 39) | (t[4] << 12);
  const uint64_t w[4] = {w0, w1, w2, w3};
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 8; j++) s[8 * i + j] = (uint8_t)(w[i] >> (8 * j));
}

static uint64_t load64(const uint8_t *p) {
  uint64_t v = 0;
  for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
  return v;
}

/* The low 255 bits of s (the sign bit is the caller's). */
static void fe_frombytes(fe h, const uint8_t s[32]) {
  h[0] = load64(s) & MASK51;
  h[1] = (load64(s + 6) >> 3) & MASK51;
  h[2] = (load64(s + 12) >> 6) & MASK51;
  h[3] = (load64(s + 19) >> 1) & MASK51;
  h[4] = (load64(s + 24) >> 12) & MASK51;
}

static int fe_iszero(const fe f) {
  uint8_t s[32];
  fe_tobytes(s, f);
  uint8_t acc = 0;
  for (int i = 0; i < 32; i++) acc |= s[i];
  return acc == 0;
}

static int fe_equal(const fe f, const fe g) {
  uint8_t a[32], b[32];
  fe_tobytes(a, f);
  fe_tobytes(b, g);
  return memcmp(a, b, 32) == 0;
}

static int fe_isnegative(const fe f) {
  uint8_t s[32];
  fe_tobytes(s, f);
  return s[0] & 1;
}

static void fe_neg(fe h, const fe f) {
  fe zero, small;
  fe_set_small(zero, 0);
  fe_carry(small, f);
  fe_sub(h, zero, small);
}

/* z^(2^250 - 1), and z^11 on the side: the common start of inversion and of (p-5)/8. */
static void fe_pow_2_250_1(fe out, fe z11, const fe z) {
  fe z2, z9, t, z_5_0, z_10_0, z_20_0, z_50_0, z_100_0;
  fe_sq(z2, z);               /* 2 */
  fe_sq_times(t, z2, 2);      /* 8 */
  fe_mul(z9, t, z);           /* 9 */
  fe_mul(z11, z9, z2);        /* 11 */
  fe_sq(t, z11);              /* 22 */
  fe_mul(z_5_0, t, z9);       /* 2^5 - 1 */
  fe_sq_times(t, z_5_0, 5);
  fe_mul(z_10_0, t, z_5_0);   /* 2^10 - 1 */
  fe_sq_times(t, z_10_0, 10);
  fe_mul(z_20_0, t, z_10_0);  /* 2^20 - 1 */
  fe_sq_times(t, z_20_0, 20);
  fe_mul(t, t, z_20_0);       /* 2^40 - 1 */
  fe_sq_times(t, t, 10);
  fe_mul(z_50_0, t, z_10_0);  /* 2^50 - 1 */
  fe_sq_times(t, z_50_0, 50);
  fe_mul(z_100_0, t, z_50_0); /* 2^100 - 1 */
  fe_sq_times(t, z_100_0, 100);
  fe_mul(t, t, z_100_0);      /* 2^200 - 1 */
  fe_sq_times(t, t, 50);
  fe_mul(out, t, z_50_0);     /* 2^250 - 1 */
}

/* z^(p-2) = z^(2^255 - 21) = 1/z. */
static void fe_invert(fe out, const fe z) {
  fe t, z11;
  fe_pow_2_250_1(t, z11, z);
  fe_sq_times(t, t, 5); /* 2^255 - 32 */
  fe_mul(out, t, z11);  /* 2^255 - 21 */
}

/* z^((p-5)/8) = z^(2^252 - 3). */
static void fe_pow_p58(fe out, const fe z) {
  fe t, z11;
  fe_pow_2_250_1(t, z11, z);
  fe_sq_times(t, t, 2); /* 2^252 - 4 */
  fe_mul(out, t, z);    /* 2^252 - 3 */
}

/* ---- the curve ---- */

typedef struct {
  fe X, Y, Z, T;
} ge_p3;

/* An affine point as the mixed addition wants it: y + x, y - x, 2d x y. */
typedef struct {
  fe ypx, ymx, xy2d;
} ge_niels;

static fe curve_d, curve_d2, sqrt_m1;

static void ge_identity(ge_p3 *p) {
  fe_set_small(p->X, 0);
  fe_set_small(p->Y, 1);
  fe_set_small(p->Z, 1);
  fe_set_small(p->T, 0);
}

/* r = p + q (q affine), or p - q when `subtract`. */
static void ge_madd(ge_p3 *r, const ge_p3 *p, const ge_niels *q, int subtract) {
  fe a, b, c, d, e, f, g, h, t;
  fe_sub(t, p->Y, p->X);
  fe_mul(a, t, subtract ? q->ypx : q->ymx);
  fe_add(t, p->Y, p->X);
  fe_mul(b, t, subtract ? q->ymx : q->ypx);
  fe_mul(c, p->T, q->xy2d);
  fe_add(d, p->Z, p->Z);
  fe_sub(e, b, a);
  if (subtract) {
    fe_add(f, d, c);
    fe_sub(g, d, c);
  } else {
    fe_sub(f, d, c);
    fe_add(g, d, c);
  }
  fe_add(h, b, a);
  fe_mul(r->X, e, f);
  fe_mul(r->Y, g, h);
  fe_mul(r->T, e, h);
  fe_mul(r->Z, f, g);
}

/* r = 2p (dbl-2008-hwcd, a = -1). */
static void ge_dbl(ge_p3 *r, const ge_p3 *p) {
  fe a, b, c, e, f, g, h, t, ab;
  fe_sq(a, p->X);
  fe_sq(b, p->Y);
  fe_sq(c, p->Z);
  fe_add(c, c, c);
  fe_add(t, p->X, p->Y);
  fe_sq(t, t);
  fe_add(ab, a, b);
  fe_sub(e, t, ab);
  fe_sub(g, b, a);
  fe_sub(f, g, c);
  fe_neg(h, ab);
  fe_mul(r->X, e, f);
  fe_mul(r->Y, g, h);
  fe_mul(r->T, e, h);
  fe_mul(r->Z, f, g);
}

static void ge_to_niels(ge_niels *n, const ge_p3 *p) {
  fe recip, x, y, xy;
  fe_invert(recip, p->Z);
  fe_mul(x, p->X, recip);
  fe_mul(y, p->Y, recip);
  fe_add(n->ypx, y, x);
  fe_sub(n->ymx, y, x);
  fe_mul(xy, x, y);
  fe_mul(n->xy2d, xy, curve_d2);
  /* Keep the stored limbs small: ypx and ymx are re-read 8 times each per check. */
  uint8_t s[32];
  fe_tobytes(s, n->ypx);
  fe_frombytes(n->ypx, s);
  fe_tobytes(s, n->ymx);
  fe_frombytes(n->ymx, s);
}

static void ge_from_affine(ge_p3 *p, const fe x, const fe y) {
  fe_carry(p->X, x);
  fe_carry(p->Y, y);
  fe_set_small(p->Z, 1);
  fe_mul(p->T, p->X, p->Y);
}

/* The encoding: y, with x's parity in the top bit (RFC 8032 5.1.2). */
static void ge_tobytes(uint8_t s[32], const ge_p3 *p) {
  fe recip, x, y;
  fe_invert(recip, p->Z);
  fe_mul(x, p->X, recip);
  fe_mul(y, p->Y, recip);
  fe_tobytes(s, y);
  s[31] ^= (uint8_t)(fe_isnegative(x) << 7);
}

/* 1 when the 255 low bits of s are below p (the sign bit aside). */
static int y_is_canonical(const uint8_t s[32]) {
  if ((s[31] & 0x7f) != 0x7f) return 1;
  for (int i = 30; i >= 1; i--)
    if (s[i] != 0xff) return 1;
  return s[0] < 0xed;
}

/* Decoding (RFC 8032 5.1.3), refusing non-canonical y and x = 0 with the sign bit set. 0 on success. */
static int ge_frombytes(ge_p3 *p, const uint8_t s[32]) {
  if (!y_is_canonical(s)) return -1;
  fe y, u, v, v3, vxx, x, one;
  fe_frombytes(y, s);
  fe_set_small(one, 1);
  fe_sq(u, y);
  fe_mul(v, u, curve_d);
  fe_sub(u, u, one); /* y^2 - 1 */
  fe_add(v, v, one); /* d y^2 + 1 */
  fe_sq(v3, v);
  fe_mul(v3, v3, v); /* v^3 */
  fe_sq(x, v3);
  fe_mul(x, x, v);
  fe_mul(x, x, u);   /* u v^7 */
  fe_pow_p58(x, x);
  fe_mul(x, x, v3);
  fe_mul(x, x, u);   /* u v^3 (u v^7)^((p-5)/8) */
  fe_sq(vxx, x);
  fe_mul(vxx, vxx, v);
  fe neg_u;
  fe_neg(neg_u, u);
  if (!fe_equal(vxx, u)) {
    if (!fe_equal(vxx, neg_u)) return -1;
    fe_mul(x, x, sqrt_m1);
  }
  const int sign = s[31] >> 7;
  if (fe_iszero(x) && sign) return -1;
  if (fe_isnegative(x) != sign) fe_neg(x, x);
  ge_from_affine(p, x, y);
  return 0;
}

/* 1 when [8]p is the identity. */
static int ge_has_small_order(const ge_p3 *p) {
  ge_p3 q;
  ge_dbl(&q, p);
  ge_dbl(&q, &q);
  ge_dbl(&q, &q);
  return fe_iszero(q.X);
}

/* ---- tables and scalars ---- */

/*
 * Signed digits of WINDOW_BITS bits: a scalar below 2^253 is sum e[k] 2^(WINDOW_BITS k), with
 * e[k] in [-2^(WINDOW_BITS-1), 2^(WINDOW_BITS-1)), so a table of the multiples 1..2^(WINDOW_BITS-1)
 * at each position makes the product one mixed addition per nonzero digit and no doubling. 8 bits
 * (the most an int8_t digit holds): 33 positions of 128 points, 507 KB a table, at most 66 additions
 * a check where 4-bit digits took 128. Measured with the caches flushed between checks (4 MB
 * touched), 8 bits still beat 6 (13.0 µs against 15.5): docs/benchmarks.md, "signature".
 */
#ifndef WINDOW_BITS
#define WINDOW_BITS 8
#endif
#define POSITIONS ((253 + WINDOW_BITS) / WINDOW_BITS + 1)
#define MULTIPLES (1 << (WINDOW_BITS - 1))

/* Position k holds [j 2^(WINDOW_BITS k)]P for j = 1..MULTIPLES. */
typedef ge_niels ge_table[POSITIONS][MULTIPLES];

static void table_build(ge_table table, const ge_p3 *point) {
  ge_p3 base = *point, multiple;
  for (int k = 0; k < POSITIONS; k++) {
    ge_to_niels(&table[k][0], &base);
    multiple = base;
    for (int j = 1; j < MULTIPLES; j++) {
      ge_madd(&multiple, &multiple, &table[k][0], 0);
      ge_to_niels(&table[k][j], &multiple);
    }
    for (int i = 0; i < WINDOW_BITS; i++) ge_dbl(&base, &base);
  }
}

/* The scalar (32 little-endian bytes, below 2^253) as POSITIONS signed digits. */
static void scalar_digits(int8_t e[POSITIONS], const uint8_t a[32]) {
  int carry = 0;
  for (int k = 0; k < POSITIONS; k++) {
    const int bit = WINDOW_BITS * k;
    int window = 0;
    for (int b = WINDOW_BITS - 1; b >= 0; b--) {
      const int at = bit + b;
      window = (window << 1) | (at < 256 ? (a[at >> 3] >> (at & 7)) & 1 : 0);
    }
    int digit = window + carry;
    carry = (digit + MULTIPLES) >> WINDOW_BITS;
    digit -= carry << WINDOW_BITS;
    e[k] = (int8_t)digit;
  }
}

/* L = 2^252 + 27742317777372353535851937790883648493 (RFC 8032 5.1), little-endian 64-bit limbs. */
static const uint64_t order_limbs[4] = {0x5812631a5cf5d3edULL, 0x14def9dea2f79cd6ULL, 0, 0x1000000000000000ULL};

/* 1 when the 32 little-endian bytes are below L. */
static int scalar_is_canonical(const uint8_t s[32]) {
  for (int i = 3; i >= 0; i--) {
    const uint64_t limb = load64(s + 8 * i);
    if (limb < order_limbs[i]) return 1;
    if (limb > order_limbs[i]) return 0;
  }
  return 0;
}

/*
 * 64 little-endian bytes mod L, 32 bits at a time: r = (r 2^32 + w) mod L. With x = r 2^32 + w
 * below 2^285, q = floor(x / 2^252) is floor(x / L) or one more, so x - qL is in [-L, L).
 */
static void scalar_reduce(uint8_t out[32], const uint8_t in[64]) {
  uint64_t r[4] = {0, 0, 0, 0};
  for (int k = 15; k >= 0; k--) {
    const uint64_t w = (uint64_t)in[4 * k] | ((uint64_t)in[4 * k + 1] << 8) | ((uint64_t)in[4 * k + 2] << 16) | ((uint64_t)in[4 * k + 3] << 24);
    uint64_t x[5];
    x[0] = (r[0] << 32) | w;
    x[1] = (r[1] << 32) | (r[0] >> 32);
    x[2] = (r[2] << 32) | (r[1] >> 32);
    x[3] = (r[3] << 32) | (r[2] >> 32);
    x[4] = r[3] >> 32;
    const uint64_t q = (x[3] >> 60) | (x[4] << 4);
    uint64_t ql[5];
    u128 carry = 0;
    for (int i = 0; i < 4; i++) {
      const u128 product = (u128)q * order_limbs[i] + carry;
      ql[i] = (uint64_t)product;
      carry = product >> 64;
    }
    ql[4] = (uint64_t)carry;
    uint64_t borrow = 0;
    for (int i = 0; i < 5; i++) {
      const u128 difference = (u128)x[i] - ql[i] - borrow;
      x[i] = (uint64_t)difference;
      borrow = (uint64_t)(difference >> 64) & 1;
    }
    if (borrow) {
      uint64_t add_carry = 0;
      for (int i = 0; i < 4; i++) {
        const u128 sum = (u128)x[i] + order_limbs[i] + add_carry;
        x[i] = (uint64_t)sum;
        add_carry = (uint64_t)(sum >> 64);
      }
    }
    memcpy(r, x, sizeof(r));
  }
  for (int i = 0; i < 4; i++)
    for (int j = 0; j < 8; j++) out[8 * i + j] = (uint8_t)(r[i] >> (8 * j));
}

/* ---- the key ---- */

struct ed25519_fixed_key {
  ge_table negated_key_table; /* multiples of -A */
  uint8_t public_key[32];
};

static ge_table *base_table;
static pthread_once_t base_table_once = PTHREAD_ONCE_INIT;

/* The constants and B's table (14 ms, 507 KB), once per process, by whichever thread comes first. */
static void build_base_table(void) {
  fe t;
  /* d = -121665 / 121666 */
  fe_set_small(t, 121666);
  fe_invert(t, t);
  fe num;
  fe_set_small(num, 121665);
  fe_neg(num, num);
  fe_mul(curve_d, num, t);
  fe_add(curve_d2, curve_d, curve_d);
  /* sqrt(-1) = 2^((p-1)/4); (p-1)/4 = 2^253 - 5 = 2 (2^252 - 3) + 1, so 2^((p-1)/4) = (2^((p-5)/8))^2 * 2. */
  fe two;
  fe_set_small(two, 2);
  fe_pow_p58(t, two);
  fe_sq(t, t);
  fe_mul(sqrt_m1, t, two);
  /* B: y = 4/5, x positive (even). */
  uint8_t encoded[32];
  fe four, five;
  fe_set_small(four, 4);
  fe_set_small(five, 5);
  fe_invert(t, five);
  fe_mul(t, t, four);
  fe_tobytes(encoded, t);
  ge_p3 base;
  if (ge_frombytes(&base, encoded) != 0) return;
  ge_table *table = malloc(sizeof(ge_table));
  if (!table) return;
  table_build(*table, &base);
  base_table = table;
}

int ed25519_fixed_key_init(void) {
  pthread_once(&base_table_once, build_base_table);
  return base_table ? 0 : -1;
}

ed25519_fixed_key *ed25519_fixed_key_prepare(const uint8_t public_key[32]) {
  if (ed25519_fixed_key_init() != 0) return NULL;
  ge_p3 a;
  if (ge_frombytes(&a, public_key) != 0 || ge_has_small_order(&a)) return NULL;
  ed25519_fixed_key *key = malloc(sizeof(ed25519_fixed_key));
  if (!key) return NULL;
  fe_neg(a.X, a.X);
  fe_neg(a.T, a.T);
  table_build(key->negated_key_table, &a);
  memcpy(key->public_key, public_key, 32);
  return key;
}

void ed25519_fixed_key_free(ed25519_fixed_key *key) { free(key); }

static void add_digit(ge_p3 *acc, const ge_niels *position, int8_t digit) {
  if (digit > 0) ge_madd(acc, acc, &position[digit - 1], 0);
  else if (digit < 0) ge_madd(acc, acc, &position[-digit - 1], 1);
}

int ed25519_fixed_key_verify(const ed25519_fixed_key *key, const uint8_t *message, size_t message_length, const uint8_t signature[64]) {
  if (!base_table || !scalar_is_canonical(signature + 32)) return 0;
  uint8_t digest[64], h[32];
  SHA512_CTX sha;
  SHA512_Init(&sha);
  SHA512_Update(&sha, signature, 32);
  SHA512_Update(&sha, key->public_key, 32);
  SHA512_Update(&sha, message, message_length);
  SHA512_Final(digest, &sha);
  scalar_reduce(h, digest);

  int8_t s_digits[POSITIONS], h_digits[POSITIONS];
  scalar_digits(s_digits, signature + 32);
  scalar_digits(h_digits, h);
  const ge_niels(*b)[MULTIPLES] = *base_table;
  const ge_niels(*a)[MULTIPLES] = key->negated_key_table;

  ge_p3 acc;
  ge_identity(&acc);
  for (int k = 0; k < POSITIONS; k++) {
    add_digit(&acc, b[k], s_digits[k]);
    add_digit(&acc, a[k], h_digits[k]);
  }

  uint8_t encoded[32];
  ge_tobytes(encoded, &acc);
  if (memcmp(encoded, signature, 32) != 0) return 0;
  return !ge_has_small_order(&acc);
}
