/* fop_latency DIR [ITERATIONS [FOP]]: the median latency, in microseconds, of single calls made in DIR:
 * fstat, open+close, pread 4 KiB, pwrite 4 KiB, fdatasync after a 4 KiB pwrite, and
 * create+unlink. Each call is timed on its own
 * (call_cost times a loop and divides), so one slow call among many does not move the figure:
 * on a volume over a brick daemon it is the round trip a program sees, on a cache it is the
 * cache. Prints one "name value" line per fop; with FOP (one of the names), only that fop runs
 * (the bench counts the kernel requests of its calls). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static void die(const char* what) {
    perror(what);
    exit(1);
}

static int by_value(const void* a, const void* b) {
    const double x = *(const double*)a, y = *(const double*)b;
    return (x > y) - (x < y);
}

static double median(double* samples, long n) {
    qsort(samples, n, sizeof *samples, by_value);
    return samples[n / 2];
}

static char block[4096];

/* One timed call of each fop; `i` picks the offset or the name. Each returns the microseconds
 * the call took. */
static double time_fstat(int fd, const char* dir, long i) {
    (void)dir, (void)i;
    struct stat st;
    const double t = now_us();
    if (fstat(fd, &st) != 0) die("fstat");
    return now_us() - t;
}

static double time_open_close(int fd, const char* dir, long i) {
    (void)fd, (void)i;
    char path[4096];
    snprintf(path, sizeof path, "%s/latency.dat", dir);
    const double t = now_us();
    const int f = open(path, O_RDONLY);
    if (f < 0) die("open");
    close(f);
    return now_us() - t;
}

static double time_pread(int fd, const char* dir, long i) {
    (void)dir;
    const double t = now_us();
    if (pread(fd, block, sizeof block, (i & 255) * (off_t)sizeof block) != sizeof block) die("pread");
    return now_us() - t;
}

static double time_pwrite(int fd, const char* dir, long i) {
    (void)dir;
    const double t = now_us();
    if (pwrite(fd, block, sizeof block, (i & 255) * (off_t)sizeof block) != sizeof block) die("pwrite");
    return now_us() - t;
}

/* The pwrite is not timed: the fdatasync that makes it durable is (a database's commit). */
static double time_fdatasync(int fd, const char* dir, long i) {
    (void)dir;
    if (pwrite(fd, block, sizeof block, (i & 255) * (off_t)sizeof block) != sizeof block) die("pwrite");
    const double t = now_us();
    if (fdatasync(fd) != 0) die("fdatasync");
    return now_us() - t;
}

static double time_create_unlink(int fd, const char* dir, long i) {
    (void)fd;
    char path[4096];
    snprintf(path, sizeof path, "%s/latency.%ld", dir, i);
    const double t = now_us();
    const int f = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (f < 0) die("create");
    close(f);
    if (unlink(path) != 0) die("unlink");
    return now_us() - t;
}

static const struct {
    const char* name;
    double (*time_one)(int fd, const char* dir, long i);
} fops[] = {
    {"fstat_us", time_fstat},         {"open_close_us", time_open_close},
    {"pread_4k_us", time_pread},      {"pwrite_4k_us", time_pwrite},
    {"fdatasync_us", time_fdatasync}, {"create_unlink_us", time_create_unlink},
};

int main(int argc, char** argv) {
    if (argc < 2) {
        fprintf(stderr, "usage: fop_latency DIR [ITERATIONS [FOP]]\n");
        return 2;
    }
    const char* dir = argv[1];
    const long n = argc > 2 ? atol(argv[2]) : 2000;
    if (n < 1) {
        fprintf(stderr, "fop_latency: ITERATIONS must be a whole number >= 1, not '%s'\n", argv[2]);
        return 2;
    }
    const char* only = argc > 3 ? argv[3] : NULL;
    int known = only == NULL;
    for (size_t f = 0; f < sizeof fops / sizeof fops[0]; ++f) known |= only != NULL && strcmp(only, fops[f].name) == 0;
    if (!known) {
        fprintf(stderr, "fop_latency: no fop named '%s'\n", only);
        return 2;
    }
    double* samples = malloc(n * sizeof *samples);
    if (!samples) die("malloc");

    char path[4096];
    snprintf(path, sizeof path, "%s/latency.dat", dir);
    const int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) die("open");
    for (int i = 0; i < 256; ++i)
        if (pwrite(fd, block, sizeof block, (off_t)i * sizeof block) != sizeof block) die("pwrite");

    for (size_t f = 0; f < sizeof fops / sizeof fops[0]; ++f) {
        if (only != NULL && strcmp(only, fops[f].name) != 0) continue;
        /* Untimed calls first, as many as a tenth of the timed ones: the calls before reach the
         * FUSE daemon only in the FUSE column, and an idle daemon answers slower than a busy one. */
        for (long i = 0; i < n / 10 + 1; ++i) (void)fops[f].time_one(fd, dir, i);
        for (long i = 0; i < n; ++i) samples[i] = fops[f].time_one(fd, dir, i);
        printf("%s %.2f\n", fops[f].name, median(samples, n));
    }
    close(fd);
    unlink(path);
    free(samples);
    return 0;
}
