/* Exercises the I/O calls whose glibc symbol depends on how a program is compiled
 * (_FILE_OFFSET_BITS=64 renames open/pread/lseek/fstat to their 64-bit names; _FORTIFY_SOURCE
 * routes open and read through __open_2 and __read_chk). Usage: io_variants FILE.
 * Prints what it read so the caller can compare with a native run. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

static void die(const char* what) {
    perror(what);
    exit(1);
}

int main(int argc, char** argv) {
    if (argc != 2) return 2;
    int fd = open(argv[1], O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) die("open");
    const char text[] = "0123456789abcdefghijklmnopqrstuvwxyz";
    if (write(fd, text, sizeof text - 1) != (ssize_t)(sizeof text - 1)) die("write");
    if (pwrite(fd, "XY", 2, 4) != 2) die("pwrite");
    struct iovec wv[2] = {{(void*)"--", 2}, {(void*)"++", 2}};
    if (pwritev(fd, wv, 2, 10) != 4) die("pwritev");
    if (lseek(fd, 0, SEEK_SET) != 0) die("lseek");
    /* Counts the compiler cannot see, so that fortified builds call the checked variants. */
    volatile size_t eight = 8, six = 6;
    char buf[64];
    memset(buf, 0, sizeof buf);
    if (read(fd, buf, eight) != 8) die("read");
    printf("read %s\n", buf);
    memset(buf, 0, sizeof buf);
    if (pread(fd, buf, six, 10) != 6) die("pread");
    printf("pread %s\n", buf);
    char a[3] = {0}, b[3] = {0};
    struct iovec rv[2] = {{a, 2}, {b, 2}};
    if (readv(fd, rv, 2) != 4) die("readv");
    printf("readv %s %s\n", a, b);
    struct stat st;
    if (fstat(fd, &st) != 0) die("fstat");
    printf("size %lld\n", (long long)st.st_size);
    if (ftruncate(fd, 20) != 0) die("ftruncate");
    if (fsync(fd) != 0) die("fsync");
    if (fstat(fd, &st) != 0) die("fstat");
    printf("size %lld\n", (long long)st.st_size);
    if (close(fd) != 0) die("close");
    return 0;
}
