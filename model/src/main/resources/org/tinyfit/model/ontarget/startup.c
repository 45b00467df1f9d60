/* Minimal startup: vector table, reset (copy .data, zero .bss, enable the FPU), a SysTick
   tick counter, and semihosting output and exit. Semihosting needs QEMU or a debugger: on
   a board without one attached, the bkpt instruction faults. */
#include <stdint.h>

extern uint32_t __data_load[], __data_start[], __data_end[], __bss_start[], __bss_end[], __stack_top[];
int main(void);
void Reset_Handler(void);
void Fault_Handler(void);
void SysTick_Handler(void);
void tf_write(const char *s);
void tf_exit(int ok);
void tf_timer_start(void);
uint64_t tf_ticks(void);

__attribute__((section(".vectors"), used))
void (*const tf_vectors[16])(void) = {
    (void (*)(void))__stack_top, Reset_Handler,
    Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler, Fault_Handler,  /* NMI .. UsageFault */
    Fault_Handler, 0, 0, 0,                                                     /* SecureFault, reserved */
    Fault_Handler, Fault_Handler, 0, Fault_Handler,                             /* SVC, DebugMon, -, PendSV */
    SysTick_Handler
};

static int tf_semihost(int op, const void *arg)
{
    register int r0 __asm__("r0") = op;
    register const void *r1 __asm__("r1") = arg;
    __asm__ volatile("bkpt 0xab" : "+r"(r0) : "r"(r1) : "memory");
    return r0;
}

/* SYS_WRITE0: a NUL-terminated string to the host's stdout. */
void tf_write(const char *s)
{
    (void)tf_semihost(0x04, s);
}

/* SYS_EXIT: ADP_Stopped_ApplicationExit (QEMU exits with 0) or RunTimeErrorUnknown (1). */
void tf_exit(int ok)
{
    for (;;) (void)tf_semihost(0x18, (const void *)(uintptr_t)(ok ? 0x20026u : 0x20023u));
}

void Fault_Handler(void)
{
    tf_write("fault: the core took a fault exception\n");
    tf_exit(0);
}

/* SysTick counts down from 2^24 - 1 on the processor clock; the handler counts the reloads. */
#define SYST_CSR (*(volatile uint32_t *)0xE000E010u)
#define SYST_RVR (*(volatile uint32_t *)0xE000E014u)
#define SYST_CVR (*(volatile uint32_t *)0xE000E018u)
static volatile uint32_t tf_reloads;

void SysTick_Handler(void)
{
    tf_reloads++;
}

void tf_timer_start(void)
{
    SYST_RVR = 0xFFFFFFu;
    SYST_CVR = 0u;
    SYST_CSR = 7u;  /* processor clock, interrupt, enable */
    while (SYST_CVR == 0u) {
        /* the first tick loads the reload value */
    }
}

/* Ticks since tf_timer_start (a consistent pair of reload count and counter). */
uint64_t tf_ticks(void)
{
    uint32_t w, v;
    do {
        w = tf_reloads;
        v = SYST_CVR;
    } while (w != tf_reloads);
    return ((uint64_t)w << 24) + (0xFFFFFFu - v);
}

void Reset_Handler(void)
{
    uint32_t *s = __data_load, *d = __data_start;
    while (d < __data_end) *d++ = *s++;
    for (d = __bss_start; d < __bss_end;) *d++ = 0u;
#if defined(__ARM_FP)
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;  /* CPACR: full access to CP10, CP11 */
    __asm__ volatile("dsb\n\tisb" ::: "memory");
#endif
    tf_exit(main() == 0);
}
