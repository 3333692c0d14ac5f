/* first_open FILE read|write: how long the first open of this process takes, in microseconds.
 * In a boosted process the first open on a mount learns the mount and builds its engine; the
 * bench runs this in many fresh processes and takes the median, since one sample says little
 * on a machine whose wake-ups vary. read opens an existing file O_RDONLY (a reader: cat, an
 * interpreter loading a module); write opens O_RDWR|O_CREAT (a writer, which also asks the
 * mount for the file's gfid). */
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
    if (argc != 3 || (strcmp(argv[2], "read") != 0 && strcmp(argv[2], "write") != 0)) {
        fprintf(stderr, "usage: first_open FILE read|write\n");
        return 2;
    }
    const int flags = strcmp(argv[2], "read") == 0 ? O_RDONLY : O_RDWR | O_CREAT;
    const double t = now_us();
    const int fd = open(argv[1], flags, 0644);
    const double took = now_us() - t;
    if (fd < 0) {
        perror("open");
        return 1;
    }
    close(fd);
    printf("%.1f\n", took);
    return 0;
}
