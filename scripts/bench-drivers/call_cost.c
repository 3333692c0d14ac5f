/* call_cost FILE [ITERATIONS]: what one call costs, in nanoseconds, on FILE (created 1 MiB).
 * Run it natively, on a FUSE mount, and under the booster to see the per-call overhead (the
 * first open of a process: first_open.c).
 * Prints one "name value" line per measurement. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static void die(const char* what) {
    perror(what);
    exit(1);
}

/* Opens PATH read-only and closes it `count` times; nanoseconds per open + close. */
static double open_close_ns(const char* path, long count) {
    const double t = now_ns();
    for (long i = 0; i < count; ++i) {
        int f = open(path, O_RDONLY);
        if (f < 0) die("open");
        close(f);
    }
    return (now_ns() - t) / count;
}

int main(int argc, char** argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: call_cost FILE [ITERATIONS]\n");
        return 2;
    }
    const long n = argc > 2 ? atol(argv[2]) : 200000;
    static char block[4096];
    memset(block, 'b', sizeof block);

    int fd = open(argv[1], O_RDWR | O_CREAT, 0644);
    if (fd < 0) die("open");
    for (int i = 0; i < 256; ++i)
        if (pwrite(fd, block, sizeof block, (off_t)i * sizeof block) != sizeof block) die("pwrite");

    double t = now_ns();
    for (long i = 0; i < n; ++i)
        if (pread(fd, block, sizeof block, (i & 255) * 4096) != sizeof block) die("pread");
    const double pread_ns = (now_ns() - t) / n;

    t = now_ns();
    for (long i = 0; i < n; ++i)
        if (pwrite(fd, block, sizeof block, (i & 255) * 4096) != sizeof block) die("pwrite");
    const double pwrite_ns = (now_ns() - t) / n;

    t = now_ns();
    for (long i = 0; i < n; ++i)
        if (pread(fd, block, 1, 0) != 1) die("pread");
    const double pread1_ns = (now_ns() - t) / n;

    struct stat st;
    t = now_ns();
    for (long i = 0; i < n; ++i)
        if (fstat(fd, &st) != 0) die("fstat");
    const double fstat_ns = (now_ns() - t) / n;

    t = now_ns();
    for (long i = 0; i < n; ++i)
        if (lseek(fd, i & 4095, SEEK_SET) < 0) die("lseek");
    const double lseek_ns = (now_ns() - t) / n;
    close(fd);

    const long opens = n / 100 > 10 ? n / 100 : 10;
    /* Untimed first: the calls above reach the FUSE daemon only in the FUSE column, and an idle
     * daemon (its threads asleep, their CPUs halted) answers slower than a busy one. Without it
     * the loop would time how recently the column last used FUSE, not an open. */
    (void)open_close_ns(argv[1], opens);
    const double open_ns = open_close_ns(argv[1], opens);

    printf("open_close_us %.1f\n", open_ns / 1e3);
    printf("pread_4k_ns %.0f\n", pread_ns);
    printf("pread_1b_ns %.0f\n", pread1_ns);
    printf("pwrite_4k_ns %.0f\n", pwrite_ns);
    printf("fstat_ns %.0f\n", fstat_ns);
    printf("lseek_ns %.0f\n", lseek_ns);
    return 0;
}
