#include "core/fuse/mount_options.hpp"

#include <doctest/doctest.h>

using booster::LogLevel;
using booster::fuse::MountOptions;

TEST_CASE("mount options: defaults") {
    auto o = MountOptions::parse("");
    REQUIRE(o);
    CHECK(o->attr_timeout == 1.0);
    CHECK(o->entry_timeout == 1.0);
    CHECK(o->negative_timeout == 1.0);
    CHECK(o->readdirplus);
    CHECK(o->threads == 10);
    CHECK_FALSE(o->log_file);
    CHECK_FALSE(o->log_level);
    CHECK(o->fuse_options.empty());
}

TEST_CASE("mount options: booster's own") {
    auto o = MountOptions::parse(
        "attr_timeout=0.5,entry_timeout=2,negative_timeout=0,no_readdirplus,threads=4,log-file=/tmp/x.log,"
        "log-level=debug");
    REQUIRE(o);
    CHECK(o->attr_timeout == 0.5);
    CHECK(o->entry_timeout == 2.0);
    CHECK(o->negative_timeout == 0.0);
    CHECK_FALSE(o->readdirplus);
    CHECK(o->threads == 4);
    CHECK(*o->log_file == "/tmp/x.log");
    CHECK(*o->log_level == LogLevel::kDebug);
}

TEST_CASE("mount options: FUSE and VFS options pass through, fstab words are dropped") {
    auto o = MountOptions::parse("rw,allow_other,nosuid,fsname=vol,,defaults,noauto,_netdev,x-systemd.automount,dev,suid");
    REQUIRE(o);
    CHECK(o->fuse_options == std::vector<std::string>{"rw", "allow_other", "nosuid", "fsname=vol", "dev", "suid"});
}

TEST_CASE("mount options: errors name the option") {
    struct Case {
        const char* list;
        const char* names;
    };
    for (const Case& c : {Case{"attr_timeout=abc", "'attr_timeout=abc'"}, Case{"entry_timeout=-1", "'entry_timeout=-1'"},
                          Case{"negative_timeout", "'negative_timeout'"}, Case{"threads=0", "'threads=0'"},
                          Case{"threads=many", "'threads=many'"}, Case{"log-level=loud", "'log-level=loud'"},
                          Case{"log-file=", "'log-file='"}, Case{"no_readdirplus=1", "'no_readdirplus=1'"},
                          Case{"rw,frobnicate", "'frobnicate'"}, Case{"fsname", "'fsname'"},
                          Case{"allow_other=yes", "'allow_other=yes'"}}) {
        CAPTURE(c.list);
        auto o = MountOptions::parse(c.list);
        REQUIRE_FALSE(o);
        CHECK(o.error().find(c.names) != std::string::npos);
    }
}

TEST_CASE("mount options: the libfuse option string") {
    auto o = MountOptions::parse("allow_other");
    REQUIRE(o);
    CHECK(o->fuse_option_string("/etc/vol,1.vol", false) ==
          "default_permissions,subtype=booster,fsname=/etc/vol\\,1.vol,allow_other");
    auto named = MountOptions::parse("fsname=mine,subtype=other");
    REQUIRE(named);
    CHECK(named->fuse_option_string("/v.vol", false) == "default_permissions,fsname=mine,subtype=other");
    CHECK(named->fuse_option_string("/v.vol", true) ==
          "default_permissions,allow_other,fsname=mine,subtype=other");
}
