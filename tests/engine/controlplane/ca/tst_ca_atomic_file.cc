// Files a proxy watches are replaced whole: a reader sees the old content or the new, never a mix.
#include <sys/stat.h>

#include <QTemporaryDir>
#include <QtTest>
#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>

#include "controlplane/ca/atomic_file.h"

using namespace ms::ca;
namespace fs = std::filesystem;

namespace {

fs::path path(const QTemporaryDir& dir) { return dir.path().toStdString(); }

mode_t modeOf(const fs::path& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 ? (st.st_mode & 07777) : 0;
}

std::size_t entries(const fs::path& dir) {
  return static_cast<std::size_t>(
      std::distance(fs::directory_iterator(dir), fs::directory_iterator()));
}

}  // namespace

class TestCaAtomicFile : public QObject {
  Q_OBJECT

 private slots:
  void writesContentAndMode() {
    QTemporaryDir dir;
    const fs::path file = path(dir) / "pod.key";
    QVERIFY(writeFileAtomically(file, "secret", 0600));
    QCOMPARE(*readFile(file), std::string("secret"));
    QCOMPARE(modeOf(file), mode_t(0600));
    // Replacing a world-readable file gives the new mode, not the old one.
    const fs::path cert = path(dir) / "pod.crt";
    QVERIFY(writeFileAtomically(cert, "public", 0644));
    QCOMPARE(modeOf(cert), mode_t(0644));
    QVERIFY(writeFileAtomically(cert, "now secret", 0600));
    QCOMPARE(modeOf(cert), mode_t(0600));
    QCOMPARE(entries(path(dir)), std::size_t(2));  // no temporaries left behind
  }

  void readerNeverSeesAPartialFile() {
    QTemporaryDir dir;
    const fs::path file = path(dir) / "config.crt";
    const std::string a(1 << 20, 'a'), b(1 << 20, 'b');
    QVERIFY(writeFileAtomically(file, a, 0644));

    std::atomic<bool> done{false};
    std::atomic<int> reads{0}, torn{0};
    std::thread reader([&] {
      while (!done) {
        std::ifstream in(file, std::ios::binary);
        std::string seen((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        const bool whole = (seen == a || seen == b);
        if (!whole) ++torn;
        ++reads;
      }
    });
    for (int i = 0; i < 40; ++i) {
      QVERIFY(writeFileAtomically(file, i % 2 ? a : b, 0644));
    }
    done = true;
    reader.join();
    QVERIFY(reads > 0);
    QCOMPARE(torn.load(), 0);
    QCOMPARE(*readFile(file), a);  // the last write won, whole
    QCOMPARE(entries(path(dir)), std::size_t(1));
  }

  void failuresAreValuesAndLeaveNoTemporary() {
    QTemporaryDir dir;
    auto missingFolder = writeFileAtomically(path(dir) / "nope" / "x.crt", "x", 0644);
    QVERIFY(!missingFolder);
    QVERIFY2(missingFolder.error().find("nope") != std::string::npos,
             missingFolder.error().c_str());

    // Renaming a file over a folder fails after the temporary was written: it must go away.
    fs::create_directory(path(dir) / "taken.crt");
    fs::create_directory(path(dir) / "taken.crt" / "inside");
    auto overFolder = writeFileAtomically(path(dir) / "taken.crt", "x", 0644);
    QVERIFY(!overFolder);
    QVERIFY2(overFolder.error().find("rename") != std::string::npos, overFolder.error().c_str());
    QCOMPARE(entries(path(dir)), std::size_t(1));

    QVERIFY(!readFile(path(dir) / "absent.crt"));
  }
};

QTEST_GUILESS_MAIN(TestCaAtomicFile)
#include "tst_ca_atomic_file.moc"
