/* first_open FILE read|write|read+pread: how long the first open of this process takes, in
 * microseconds. In a boosted process the first open on a mount learns the mount; the engine is
 * built at the first call the booster serves, so read+pread times the open and a first pread of
 * 4 KiB together: the start-up cost a program that reads pays. The bench runs this in many
 * fresh processes and takes the median, since one sample says little on a machine whose
 * wake-ups vary. read opens an existing file O_RDONLY (a reader: cat, an interpreter loading a
 * module); write opens O_RDWR|O_CREAT (a writer). */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static double now_us(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

int main(int argc, char** argv) {
    const int writer = argc == 3 && strcmp(argv[2], "write") == 0;
    const int then_pread = argc == 3 && strcmp(argv[2], "read+pread") == 0;
    if (argc != 3 || (!writer && !then_pread && strcmp(argv[2], "read") != 0)) {
        fprintf(stderr, "usage: first_open FILE read|write|read+pread\n");
        return 2;
    }
    char buf[4096];
    const double t = now_us();
    const int fd = open(argv[1], writer ? O_RDWR | O_CREAT : O_RDONLY, 0644);
    const ssize_t got = fd >= 0 && then_pread ? pread(fd, buf, sizeof buf, 0) : 0;
    const double took = now_us() - t;
    if (fd < 0 || got < 0) {
        perror(fd < 0 ? "open" : "pread");
        return 1;
    }
    close(fd);
    printf("%.1f\n", took);
    return 0;
}
