#!/usr/bin/env bash
# Builds TinyFit as a self-contained Linux app-image and a .deb with the JDK's jpackage.
#
#   installer/build.sh                 build the jars (mvn), the app-image and the .deb
#   installer/build.sh --app-image     the app-image only (no .deb, no fakeroot needed)
#   installer/build.sh --no-maven      use the jars already in app/target (mvn -pl app -am package)
#   installer/build.sh --dest DIR      write to DIR instead of installer/target
#
# Output in installer/target/: TinyFit/ (the app-image: bin/TinyFit, lib/runtime, lib/app) and
# tinyfit_VERSION-1_amd64.deb, xz-compressed (DPKG_DEB_COMPRESSOR_TYPE=gzip: faster, larger).
# Needs a JDK 17+ with jpackage and jmods (Debian: openjdk-17-jdk); the .deb also needs dpkg-deb
# and fakeroot. Nothing is downloaded except what Maven resolves.
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
here="$root/installer"
out="$here/target"

build_maven=1
build_deb=1
while [ $# -gt 0 ]; do
  case "$1" in
    --app-image) build_deb=0 ;;
    --no-maven) build_maven=0 ;;
    --dest) [ $# -ge 2 ] || { echo "installer: --dest needs a folder" >&2; exit 2; }; out="$(mkdir -p "$2" && cd "$2" && pwd)"; shift ;;
    -h|--help) sed -n '2,/^set /p' "$0" | grep '^#' | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "installer: unknown option $1 (try --help)" >&2; exit 2 ;;
  esac
  shift
done

# The JDK: the one whose java is on the PATH, or JAVA_HOME; jpackage/jdeps/jlink come from it.
if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/jpackage" ]; then
  jdk="$JAVA_HOME"
elif command -v jpackage >/dev/null 2>&1; then
  jdk="$(dirname "$(dirname "$(readlink -f "$(command -v jpackage)")")")"
else
  echo "installer: jpackage not found (install a JDK 17+, e.g. apt-get install openjdk-17-jdk)" >&2
  exit 1
fi
[ -d "$jdk/jmods" ] || { echo "installer: $jdk has no jmods/ folder; jlink cannot build a runtime" >&2; exit 1; }
if [ "$build_deb" = 1 ]; then
  for tool in dpkg-deb fakeroot; do
    command -v "$tool" >/dev/null 2>&1 || { echo "installer: $tool not found (apt-get install -y $tool), or use --app-image" >&2; exit 1; }
  done
fi

icon="$root/app/src/main/resources/org/tinyfit/app/icon-128.png"
t0=$(date +%s)
if [ "$build_maven" = 1 ]; then
  echo "installer: building the jars (mvn -pl app -am package -DskipTests)"
  (cd "$root" && mvn -q -B -DskipTests -pl app -am package)
fi
jar="$root/app/target/tinyfit-app.jar"
[ -f "$jar" ] && [ -d "$root/app/target/lib" ] || { echo "installer: $jar or app/target/lib missing; run without --no-maven" >&2; exit 1; }

# Version: 0.1.0-SNAPSHOT -> 0.1.0 (jpackage and dpkg want digits and dots).
pom_version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$root/pom.xml" | head -n 1)"
app_version="${pom_version%%-*}"

# ---- stage the input folder: the app jar, its runtime jars, the sample models ----
rm -rf "$out/input" "$out/TinyFit" "$out"/tinyfit_*.deb
mkdir -p "$out/input/lib" "$out/input/sample-models"
cp "$jar" "$out/input/"
for j in "$root"/app/target/lib/*.jar; do
  # javafx-*-21.0.x.jar without the platform classifier are empty stubs (the -linux jars hold the
  # classes and, in javafx-graphics, the native libraries): leave them out.
  case "$(basename "$j")" in javafx-*-linux*.jar) ;; javafx-*.jar) continue ;; esac
  cp "$j" "$out/input/lib/"
done
# sample models with their data sets and README (credits, licences); not the build script
cp "$root/sample-models/README.md" "$out/input/sample-models/"
for d in "$root"/sample-models/*/; do
  name="$(basename "$d")"
  [ -f "$d/$name.tinyfit" ] || continue
  mkdir -p "$out/input/sample-models/$name"
  find "$d" -maxdepth 1 -type f \( -name '*.tinyfit' -o -name '*.safetensors' \) \
    -exec cp {} "$out/input/sample-models/$name/" \;
done
chmod -R a+rX "$out/input"

# ---- the runtime: modules the jars use (jdeps) plus jdk.incubator.vector ----
modules="$("$jdk/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 \
  "$out/input/tinyfit-app.jar" "$out"/input/lib/*.jar)"
java_options=()
# Classpath launching does not resolve incubator modules by default: ask for it only when the
# classes use it (it prints a warning on every start otherwise).
case ",$modules," in *,jdk.incubator.vector,*) java_options+=(--java-options "--add-modules=jdk.incubator.vector") ;; esac
case ",$modules," in *,jdk.incubator.vector,*) ;; *) modules="$modules,jdk.incubator.vector" ;; esac
echo "installer: runtime modules: $modules"

common=(
  --name TinyFit
  --app-version "$app_version"
  --vendor "TinyFit"
  --description "Design-space explorer for fitting neural networks onto microcontrollers"
  --copyright "TinyFit contributors"
)

echo "installer: jpackage app-image"
"$jdk/bin/jpackage" --type app-image "${common[@]}" \
  --input "$out/input" \
  --main-jar tinyfit-app.jar \
  --main-class org.tinyfit.app.Launcher \
  --add-modules "$modules" \
  --jlink-options "--strip-debug --no-man-pages --no-header-files --strip-native-commands" \
  "${java_options[@]}" \
  --icon "$icon" \
  --dest "$out"
rm -rf "$out/input"

if [ "$build_deb" = 1 ]; then
  echo "installer: jpackage deb"
  "$jdk/bin/jpackage" --type deb "${common[@]}" \
    --app-image "$out/TinyFit" \
    --icon "$icon" \
    --resource-dir "$here/linux" \
    --linux-package-name tinyfit \
    --linux-deb-maintainer "tinyfit@localhost" \
    --linux-menu-group "Education;Science;Development;" \
    --linux-app-category science \
    --linux-shortcut \
    --linux-package-deps libgtk-3-0 \
    --dest "$out"
fi

t1=$(date +%s)
echo "installer: done in $((t1 - t0)) s"
echo "installer: app-image $out/TinyFit ($(du -sh "$out/TinyFit" | cut -f1))"
for deb in "$out"/*.deb; do
  [ -f "$deb" ] && echo "installer: package $deb ($(du -h "$deb" | cut -f1))"
done
exit 0
