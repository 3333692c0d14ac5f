#include "core/cli/usage.hpp"

namespace booster::cli {

void print_usage(std::FILE* out) {
    std::fputs(
        "usage: booster COMMAND [ARGS]\n"
        "\n"
        "commands:\n"
        "  mount [-f] [-o OPTIONS] VOLFILE MOUNTPOINT\n"
        "        Validate VOLFILE, then mount its volume on MOUNTPOINT with FUSE. Runs in the\n"
        "        background once the mount is up (exit 0), or exits 1 with the error;\n"
        "        -f stays in the foreground and logs to stderr. SIGINT/SIGTERM unmount;\n"
        "        SIGUSR1 writes every translator's state to the log.\n"
        "  umount MOUNTPOINT\n"
        "        Unmount a booster mount.\n"
        "  brick [-f] [--pid-file FILE] [--log-file FILE] VOLFILE\n"
        "        Serve a brick: VOLFILE's top volume must be protocol/server. Returns once\n"
        "        the brick listens (exit 0), or exits 1 with the error; -f stays in the\n"
        "        foreground and logs to stderr (default log: /var/log/booster/brick-NAME.log).\n"
        "        SIGINT/SIGTERM close every connection and end; SIGUSR1 dumps state to the log.\n"
        "  check VOLFILE\n"
        "        Validate VOLFILE and print its translator graph.\n"
        "  run [--] PROGRAM [ARGS...]\n"
        "        Run PROGRAM with libbooster.so preloaded: its I/O on booster mounts\n"
        "        bypasses FUSE (same as scripts/booster-run).\n"
        "  volume create NAME [--transport unix|tcp] [--port N] [--secret] [--allow ADDR,...]\n"
        "                [--allow-uid UID,...] [--no-performance] [--busy-poll-usec N]\n"
        "                [--short-circuit] BRICK...\n"
        "        Define a volume: BRICK is DIR or HOST:DIR (this host only, for now). Writes\n"
        "        NAME.brickN.vol, NAME.client.vol and volume.info to the volume store.\n"
        "        --busy-poll-usec: each brick polls N us after a burst before it sleeps\n"
        "        (default 50; 0: off).\n"
        "        --short-circuit (unix): each brick lends its descriptor of every file a\n"
        "        client opens, and clients read and write the file through it themselves.\n"
        "  volume start|stop|status|delete NAME\n"
        "        Run or stop the volume's brick daemons on this machine; show each brick\n"
        "        (status exits 1 if one is down); forget the volume (its data stays).\n"
        "  volume list\n"
        "        The volumes of the store.\n"
        "        Every volume command takes --state-dir DIR (default $BOOSTER_STATE_DIR,\n"
        "        else /var/lib/booster/volumes).\n"
        "  up DIR [--transport unix|tcp] [--name NAME] [--state-dir DIR]\n"
        "        Create (once), start and mount a volume with its brick in DIR/brick, mounted\n"
        "        at DIR/mnt, and print how to run a program through the booster. Its unix\n"
        "        volume is made with --short-circuit: brick and programs are this user's.\n"
        "  down DIR [--delete] [--name NAME] [--state-dir DIR]\n"
        "        Unmount DIR/mnt and stop its brick; --delete also forgets the volume.\n"
        "  help  This text.\n"
        "  --version\n"
        "\n"
        "mount options (-o, comma separated):\n"
        "  attr_timeout=SEC      seconds the kernel caches attributes (default 1)\n"
        "  entry_timeout=SEC     seconds the kernel caches names (default 1)\n"
        "  negative_timeout=SEC  seconds the kernel caches missing names (default 1, 0 = never)\n"
        "  no_readdirplus        list directories without attributes\n"
        "  threads=N             most FUSE worker threads (default 10)\n"
        "  log-file=PATH         log file (default: stderr with -f, else\n"
        "                        /var/log/booster/MOUNTPOINT.log)\n"
        "  log-level=LEVEL       trace, debug, info (default), warning, error, critical, none\n"
        "  allow_other, ro, nosuid, nodev, noexec, noatime, fsname=NAME, subtype=NAME, ...\n"
        "                        standard FUSE and mount options, passed through\n"
        "\n"
        "From /etc/fstab or mount(8):  mount -t fuse.booster VOLFILE MOUNTPOINT [-o OPTIONS]\n"
        "  /etc/fstab:  /etc/booster/vol.vol  /mnt/vol  fuse.booster  defaults,_netdev  0 0\n",
        out);
}

int usage_error(const char* message) {
    std::fprintf(stderr, "booster: %s\n\n", message);
    print_usage(stderr);
    return kExitUsage;
}

}  // namespace booster::cli
