/* Runs the test vector through tinyfit_predict and prints, per sample, the prediction,
   the SysTick ticks of the inference, the stack it used (painted before, scanned after)
   and the logits as raw bits; before that, the ticks of a loop of exactly @CALIBRATION_INSTRUCTIONS@
   instructions. Under QEMU -icount the ticks are emulated instructions at a fixed rate
   (emulated instruction counts, not cycles). Built with -DTINYFIT_PROFILE it also prints
   the ticks spent inside each weight matrix's kernel. Matrices (layer index, name):
@MATRICES@*/
#include <stdint.h>
#include <string.h>

#include "tinyfit_model.h"
#include "test_vector.h"

#define TF_LAYERS @LAYERS@
#define TF_PAINT 0xC5C5C5C5u

void tf_write(const char *s);
void tf_timer_start(void);
uint64_t tf_ticks(void);
extern uint32_t __stack_limit[];

static void out_u(uint32_t v)
{
    char b[12];
    int i = 11;
    b[i] = 0;
    do {
        b[--i] = (char)('0' + v % 10u);
        v /= 10u;
    } while (v != 0u);
    tf_write(b + i);
}

static void out_x(uint32_t v)
{
    char b[10];
    int i;
    b[0] = ' ';
    for (i = 8; i >= 1; i--) {
        b[i] = "0123456789abcdef"[v & 15u];
        v >>= 4;
    }
    b[9] = 0;
    tf_write(b);
}

static uint32_t bits_of(float f)
{
    uint32_t u;
    memcpy(&u, &f, sizeof u);
    return u;
}

#ifdef TINYFIT_PROFILE
static uint64_t tf_prof_start;
static uint32_t tf_prof_ticks[TF_LAYERS + 1], tf_prof_calls[TF_LAYERS + 1];

void tinyfit_profile(int k, int begin)
{
    if (begin) {
        tf_prof_start = tf_ticks();
    } else {
        tf_prof_ticks[k] += (uint32_t)(tf_ticks() - tf_prof_start);
        tf_prof_calls[k]++;
    }
}
#endif

int main(void)
{
    int s, k, same = 0, agree = 0;
    uint32_t n = @LOOP_ITERATIONS@u;
    uint64_t t0;

    tf_timer_start();
    t0 = tf_ticks();
    __asm__ volatile("1:\n\tsubs %0, %0, #1\n\tbne 1b" : "+r"(n) : : "cc");
    tf_write("tinyfit-target core=@CORE@ machine=@MACHINE@ samples=");
    out_u(TV_SAMPLES);
    tf_write(" classes=");
    out_u(TINYFIT_CLASSES);
    tf_write("\ncalibration instructions=@CALIBRATION_INSTRUCTIONS@ ticks=");
    out_u((uint32_t)(tf_ticks() - t0));
    tf_write("\n");
    for (s = 0; s < TV_SAMPLES; s++) {
        uintptr_t sp;
        uint32_t *p, ticks;
        int pred;
        memcpy(tinyfit_input, tv_input[s], sizeof tinyfit_input);
        __asm__ volatile("mov %0, sp" : "=r"(sp));
        for (p = __stack_limit; (uintptr_t)p < sp; p++) *p = TF_PAINT;
        t0 = tf_ticks();
        pred = tinyfit_predict(tinyfit_input, tinyfit_logits);
        ticks = (uint32_t)(tf_ticks() - t0);
        for (p = __stack_limit; (uintptr_t)p < sp && *p == TF_PAINT; p++) {
        }
        tf_write("sample ");
        out_u((uint32_t)s);
        tf_write(" pred ");
        out_u((uint32_t)pred);
        tf_write(" ticks ");
        out_u(ticks);
        tf_write(" stack ");
        out_u((uint32_t)(sp - (uintptr_t)p));
        tf_write(p == __stack_limit ? " overflow" : "");
        tf_write(" logits");
        for (k = 0; k < TINYFIT_CLASSES; k++) {
            out_x(bits_of(tinyfit_logits[k]));
            if (bits_of(tinyfit_logits[k]) == bits_of(tv_logits[s][k])) same++;
        }
        tf_write("\n");
        if (pred == tv_pred[s]) agree++;
    }
#ifdef TINYFIT_PROFILE
    for (k = 0; k < @PAIRS@; k++) {
        tinyfit_profile(TF_LAYERS, 1);
        tinyfit_profile(TF_LAYERS, 0);
    }
    tf_write("profile-overhead pairs=@PAIRS@ ticks=");
    out_u(tf_prof_ticks[TF_LAYERS]);
    tf_write("\n");
    for (k = 0; k < TF_LAYERS; k++) {
        if (tf_prof_calls[k] == 0u) continue;
        tf_write("matrix ");
        out_u((uint32_t)k);
        tf_write(" calls ");
        out_u(tf_prof_calls[k]);
        tf_write(" ticks ");
        out_u(tf_prof_ticks[k]);
        tf_write("\n");
    }
#endif
    tf_write("check: ");
    out_u((uint32_t)same);
    tf_write(" of ");
    out_u((uint32_t)(TV_SAMPLES * TINYFIT_CLASSES));
    tf_write(" logits bit-identical to TinyFit's, ");
    out_u((uint32_t)agree);
    tf_write(" of ");
    out_u((uint32_t)TV_SAMPLES);
    tf_write(" predictions agree\ndone\n");
    return 0;
}
