#!/usr/bin/env bash
# Builds the jnatsd OCI image without a Docker daemon or a base image (no registry is reachable from the build):
# a Java runtime made with jlink (the modules jdeps finds in the jar), the system libraries its ELF files need,
# bash and the few coreutils the launcher uses, all copied from this machine, in an OCI layout made with umoci.
# Usage: dist/image/build-image.sh [OUT_DIR]  (default: dist/target). Writes OUT_DIR/image/oci (the layout,
# tag jnatsd:VERSION and jnatsd:latest) and OUT_DIR/jnatsd-image-VERSION.oci.tar (for podman load / skopeo copy).
# Needs: a JDK 17+ (jlink, jdeps), umoci (apt-get install umoci), the built jar (mvn package). As root it also
# makes the class archive inside the image (a chroot run); otherwise each container makes it on its first start.
set -euo pipefail
start=$SECONDS
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$(mkdir -p "${1:-$root/dist/target}" && cd "${1:-$root/dist/target}" && pwd)"
jar="$root/server/target/jnatsd.jar"
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -1)"
say() { echo "build-image [$((SECONDS - start)) s]: $*" >&2; }
die() { say "$*"; exit 1; }


[[ -f "$jar" ]] || die "$jar is missing: build it first (mvn -B package -pl server -am)"
command -v umoci >/dev/null || die "umoci is not installed (Debian/Ubuntu: apt-get install umoci)"
jdk="${JDK_HOME:-}"
if [[ -z "$jdk" ]]; then
  javac_bin="$(readlink -f "$(command -v javac || true)" 2>/dev/null || true)"
  jdk="${javac_bin%/bin/javac}"
fi
[[ -x "$jdk/bin/jlink" && -x "$jdk/bin/jdeps" ]] \
  || die "no JDK with jlink and jdeps found (set JDK_HOME; Debian: apt-get install openjdk-17-jdk-headless)"

work="$out/image"
rm -rf "$work"
mkdir -p "$work"
rootless=()
if [[ "$(id -u)" != 0 ]]; then rootless=(--rootless); fi

# 1. The Java runtime: the modules the jar uses, as jdeps lists them (the jar runs on the class path), plus
#    jdk.crypto.ec for TLS and jdk.zipfs; with the JDK's own CDS archive (a dynamic archive needs it as its base).
say "jdeps: finding the modules jnatsd uses ..."
# --multi-release base: the jar's META-INF/versions/9/module-info (Jackson's) would make jdeps read it as a module.
modules="$("$jdk/bin/jdeps" --ignore-missing-deps --print-module-deps --multi-release base "$jar")"
# Left out: java.desktop, which only JNA's AWT helpers and Jackson's optional java.beans support refer to (never
# loaded by the server; it would add ~12 MB).
modules="$(tr ',' '\n' <<< "$modules" | grep -vx java.desktop | paste -sd, -),jdk.crypto.ec,jdk.zipfs"
say "jlink: $modules"
rootfs="$work/bundle/rootfs"
runtime=/usr/lib/jvm/jnatsd-runtime
mkdir -p "$work/stage$(dirname "$runtime")"
"$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files --compress=2 \
  --generate-cds-archive --output "$work/stage$runtime"

# 2. The file tree: the launcher and the jar where the .deb puts them, the image's config, users, /tmp.
stage="$work/stage"
mkdir -p "$stage"/{usr/bin,usr/lib64,usr/sbin,etc/jnatsd,tmp,var/lib/jnatsd,var/cache/jnatsd,root}
mkdir -p "$stage"/usr/share/jnatsd/{bin,lib} "$stage"/usr/share/doc/jnatsd "$stage"/usr/lib/x86_64-linux-gnu
ln -s usr/bin "$stage/bin"
ln -s usr/lib "$stage/lib"
ln -s usr/lib64 "$stage/lib64"
ln -s usr/sbin "$stage/sbin"
install -m 755 "$root/jnatsd" "$stage/usr/share/jnatsd/bin/jnatsd"
install -m 755 "$here/healthcheck" "$stage/usr/share/jnatsd/bin/healthcheck"
install -m 644 "$jar" "$stage/usr/share/jnatsd/lib/jnatsd.jar"
ln -s ../share/jnatsd/bin/jnatsd "$stage/usr/bin/jnatsd"
# nats-server's name too: manifests and scripts written for the nats image call it (the chart's preStop hook
# runs nats-server -sl=ldm=/var/run/nats/nats.pid: the launcher sends that signal without starting a JVM).
ln -s jnatsd "$stage/usr/bin/nats-server"
ln -s jnatsd "$stage/usr/share/jnatsd/bin/nats-server"
ln -s ../share/jnatsd/bin/healthcheck "$stage/usr/bin/jnatsd-healthcheck"
ln -s "$runtime/bin/java" "$stage/usr/bin/java"
install -m 644 "$here/jnatsd.conf" "$stage/etc/jnatsd/jnatsd.conf"
install -m 644 "$root/dist/src/legal/LICENSE" "$root/dist/src/legal/NOTICE" "$stage/usr/share/doc/jnatsd/"
cat > "$stage/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
jnatsd:x:1000:1000:jnatsd:/var/lib/jnatsd:/usr/sbin/nologin
EOF
cat > "$stage/etc/group" <<'EOF'
root:x:0:
jnatsd:x:1000:
EOF
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$stage/etc/nsswitch.conf"
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' > "$stage/etc/hosts"
chmod 1777 "$stage/tmp"

# 3. Programs the launcher runs, and every shared library the ELF files need (ldd), from this machine.
tools=(bash env readlink dirname stat mkdir cat ls sleep)
for t in "${tools[@]}"; do
  install -m 755 "$(readlink -f "$(command -v "$t")")" "$stage/usr/bin/$t"
done
ln -s bash "$stage/usr/bin/sh"
copied=()
copy_libs() {
  local lib
  # ldd prints "name => /path (addr)" or "/path (addr)" (the loader); virtual ones (vdso) have no path.
  while read -r lib; do
    [[ -n "$lib" && -e "$lib" ]] || continue
    local dest="$stage$lib"
    if [[ ! -e "$dest" ]]; then
      mkdir -p "$(dirname "$dest")"
      cp -L "$lib" "$dest"
      copied+=("$lib")
    fi
  done < <(ldd "$1" 2>/dev/null | sed -n 's/.*=> \(\/[^ ]*\).*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (.*/\1/p' \
    | grep -v "^$stage" || true)
}
while IFS= read -r -d '' f; do
  if [[ "$(head -c 4 "$f" | od -An -c | tr -d ' ')" == 177ELF ]]; then copy_libs "$f"; fi
done < <(find "$stage/usr/bin" "$stage$runtime" -type f -print0)
# Debian's copyright files of what was copied (bash, coreutils, glibc, zlib...).
for f in "${tools[@]/#/$(dirname "$(readlink -f "$(command -v bash)")")/}" "${copied[@]}"; do
  pkg="$(dpkg -S "$(readlink -f "$f")" 2>/dev/null | head -1 | cut -d: -f1 || true)"
  if [[ -n "$pkg" && -r "/usr/share/doc/$pkg/copyright" && ! -e "$stage/usr/share/doc/$pkg" ]]; then
    mkdir -p "$stage/usr/share/doc/$pkg"
    cp "/usr/share/doc/$pkg/copyright" "$stage/usr/share/doc/$pkg/"
  fi
done
say "runtime and libraries: $(du -sh "$stage" | cut -f1) in the tree"

# 4. The class archive for the image's Java, made where it will be used (same paths, same jar), as root: the
#    server user cannot write /usr/share/jnatsd/lib, so without it each container would make one at start.
if [[ "$(id -u)" == 0 ]]; then
  say "class archive: one training run under chroot ..."
  chroot_bin="$(command -v chroot || echo /usr/sbin/chroot)"
  # The devices a container runtime provides; only for this run, not in the image.
  mkdir -p "$stage/dev"
  mknod -m 666 "$stage/dev/null" c 1 3
  mknod -m 666 "$stage/dev/zero" c 1 5
  mknod -m 666 "$stage/dev/random" c 1 8
  mknod -m 666 "$stage/dev/urandom" c 1 9
  # /proc as a runtime mounts it (the loader resolves $ORIGIN through it), in a mount namespace of this run only.
  mkdir -p "$stage/proc"
  if ! unshare --mount -- sh -c 'mount -t proc proc "$1/proc" && exec env -i PATH=/usr/bin JNATSD_JAVA="$2" \
      HOME=/root "$3" "$1" /usr/bin/jnatsd --version' sh "$stage" "$runtime/bin/java" "$chroot_bin" >&2; then
    say "the training run failed: the image has no class archive (each container makes one on first start)"
  fi
  rm -f "$stage"/usr/share/jnatsd/lib/*.failed "$stage"/dev/*
else
  say "not root: no class archive in the image (each container makes one on first start, 2-4 s)"
fi
chown -R 1000:1000 "$stage/var/lib/jnatsd" "$stage/var/cache/jnatsd" 2>/dev/null || true

# 5. The OCI layout: one layer holding the tree, and the config (entrypoint, user, ports, env, labels).
say "umoci: writing the OCI layout ..."
oci="$work/oci"
umoci init --layout "$oci"
umoci new --image "$oci:$version"
umoci unpack "${rootless[@]+"${rootless[@]}"}" --image "$oci:$version" "$work/bundle" >/dev/null
cp -a "$stage/." "$rootfs/"
rm -rf "$stage"
umoci repack "${rootless[@]+"${rootless[@]}"}" --image "$oci:$version" "$work/bundle"
rm -rf "$work/bundle"
umoci config --image "$oci:$version" --author "jnatsd" \
  --config.user 1000:1000 --config.workingdir /var/lib/jnatsd \
  --config.entrypoint /usr/bin/jnatsd --config.cmd -c --config.cmd /etc/jnatsd/jnatsd.conf \
  --config.exposedports 4222/tcp --config.exposedports 6222/tcp --config.exposedports 8222/tcp \
  --config.env PATH=/usr/bin:/bin --config.env "JNATSD_JAVA=$runtime/bin/java" \
  --config.env HOME=/var/lib/jnatsd --config.stopsignal SIGTERM \
  --config.label "org.opencontainers.image.title=jnatsd" \
  --config.label "org.opencontainers.image.version=$version" \
  --config.label "org.opencontainers.image.description=NATS server in Java (nats-server 2.9 compatible)" \
  --config.label "io.jnatsd.healthcheck=jnatsd-healthcheck 8222" \
  --history.created_by "dist/image/build-image.sh"
umoci tag --image "$oci:$version" latest
umoci gc --layout "$oci"
tar -C "$oci" -cf "$out/jnatsd-image-$version.oci.tar" .
say "done in $((SECONDS - start)) s: $oci (jnatsd:$version, jnatsd:latest), $out/jnatsd-image-$version.oci.tar" \
  "($(du -h "$out/jnatsd-image-$version.oci.tar" | cut -f1))"
