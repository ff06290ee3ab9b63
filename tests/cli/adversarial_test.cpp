// The adversarial CLI suite (issue 20): every command run as a new user might run it, against a
// table of bad inputs: missing, empty, a directory, binary garbage, broken CSV, CRLF, a byte-order
// mark, an overlong SMILES, a truncated checkpoint, a store that is not a database or is corrupt,
// stray arguments and options that do not apply. For each case the suite asserts the exit code
// (README, "Exit codes"), one clear message, no stack trace, no leftover temporary file and, when
// the command failed, the previous output untouched; at the end the store passes SQLite's
// integrity check. Signals have their own tests: the first Ctrl-C ends every long command within
// about a second, with exit code 130, no temporary file and the previous output intact.
#include <gtest/gtest.h>
#include <signal.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "common/text_io.h"
#include "test_support.h"

namespace sild {
namespace {

namespace fs = std::filesystem;

struct Result {
  int exit_code = -1;
  std::string out;  ///< standard output
  std::string err;  ///< standard error (the log)
};

std::string read_file(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Runs `sild ARGS` in `dir` through the shell (so ARGS may quote), stdout and stderr apart.
Result run_in(const fs::path& dir, const std::string& args) {
  static std::atomic<int> runs{0};  // several commands may run at once (the table's workers)
  const std::string id = std::to_string(runs++);
  const fs::path out = dir / (".stdout." + id), err = dir / (".stderr." + id);
  const std::string command = "cd '" + dir.string() + "' && OMP_NUM_THREADS=1 '" +
                              test::sild_binary().string() + "' " + args + " > '" + out.string() + "' 2> '" +
                              err.string() + "'";
  const int status = std::system(command.c_str());
  Result result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  result.out = read_file(out);
  result.err = read_file(err);
  fs::remove(out);
  fs::remove(err);
  return result;
}

/// Temporary files any command may have left: AtomicFile's `.tmp.<pid>`, prepare's staging file.
std::vector<std::string> leftovers(const fs::path& dir) {
  std::vector<std::string> found;
  for (const auto& entry : fs::recursive_directory_iterator(dir)) {
    const std::string name = entry.path().filename().string();
    if (name.find(".tmp.") != std::string::npos || name == ".molecules.tmp")
      found.push_back(entry.path().string());
  }
  return found;
}

int count_lines_with(const std::string& text, const std::string& needle) {
  int count = 0;
  std::istringstream lines(text);
  for (std::string line; std::getline(lines, line);) count += line.find(needle) != std::string::npos;
  return count;
}

/// What no command may print, whatever its input.
void expect_no_crash_signs(const Result& result, const std::string& label) {
  for (const char* sign : {"unexpected failure", "Exception raised from", "terminate called",
                           "what():", "Segmentation", "Aborted", "internal error"}) {
    EXPECT_EQ(result.err.find(sign), std::string::npos) << label << " printed '" << sign << "':\n"
                                                        << result.err;
  }
  for (char c : result.err) {  // messages quote bad records through printable()
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x80 || (byte < 0x20 && c != '\n')) {
      ADD_FAILURE() << label << " printed a raw control or non-ASCII byte:\n" << result.err;
      break;
    }
  }
}

/// SQLite's full integrity check of the suite's store: no failure may damage it.
void expect_store_intact(const fs::path& path) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* check = nullptr;
  ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &check, nullptr), SQLITE_OK);
  ASSERT_EQ(sqlite3_step(check), SQLITE_ROW);
  EXPECT_STREQ(reinterpret_cast<const char*>(sqlite3_column_text(check, 0)), "ok");
  sqlite3_finalize(check);
  sqlite3_close(db);
}

std::vector<std::string> tiny_model_flags() {
  return {"--threads 1",         "--repr smiles",       "--ambient-dim 8",
          "--model-dim 16",      "--heads 2",           "--encoder-layers 1",
          "--decoder-layers 1",  "--latent-channels 4", "--denoiser-hidden 16",
          "--denoiser-layers 1", "--stage1-steps 30",   "--stage2-steps 10",
          "--stage1-batch 8",    "--stage2-batch 8",    "--warmup-steps 2",
          "--eval-interval 0"};
}

std::string joined(const std::vector<std::string>& parts) {
  std::string line;
  for (const auto& part : parts) line += " " + part;
  return line;
}

const char* const kMolecules[] = {"CCO", "CCN", "c1ccccc1", "CC(=O)O", "CCCl", "OCCO", "CC#N", "C1CC1"};

class AdversarialCliTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = test::temp_dir("adversarial");
    auto write = [](const std::string& name, const std::string& content) {
      std::ofstream(dir_ / name, std::ios::binary) << content;
    };
    std::string good;
    for (int i = 0; i < 6; ++i) {
      for (const char* smiles : kMolecules) good += std::string(smiles) + "\n";
    }
    write("good.smi", good);
    write("empty.smi", "");
    write("single.smi", "CCO\n");
    write("allbad.smi", "@@@\nxyz(\n");
    std::string garbage;
    uint32_t state = 12345;
    for (int i = 0; i < 3000; ++i) {
      state = state * 1664525u + 1013904223u;
      garbage += static_cast<char>(state >> 24);
    }
    write("garbage.bin", garbage);
    write("crlf.smi", "CCO\r\nc1ccccc1\r\n");
    write("bom.csv", "\xEF\xBB\xBFsmiles,name\nCCO,ethanol\n\"c1ccccc1\",\"benzene, aromatic\"\n");
    write("bom.smi",
          "\xEF\xBB\xBF"
          "CCO\nCCN\n");
    write("long.smi", std::string(5000, 'C') + "\nCCO\n");
    write("broken.csv", "smiles\n\"CCO\nCCN\n");
    write("comma.csv", "smiles,name\nCCO,\"ethanol, absolute\"\n\"C,C\",broken smiles\nCCN,ethylamine\n");
    write("notselfies.txt", "CCO\nnot selfies\n[C][=C]\n");
    write("notdb.sqlite", "these are my notes, not a database\n");
    write("bad.ini", "bogus-key = 3\n");
    write("placeholder.ini", "stage1-steps = %value%\n");
    fs::create_directories(dir_ / "adir");

    // The models every model command is tried on: one from a file, one from a prepared dataset
    // (defect 4: the report of a sample run of such a model failed).
    const std::string model = joined(tiny_model_flags());
    ASSERT_EQ(run_in(dir_, "--log-level warn train --data good.smi --out model" + model).exit_code, 0);
    ASSERT_EQ(run_in(dir_, "--log-level warn data prepare -i good.smi --name good --split random").exit_code,
              0);
    ASSERT_EQ(run_in(dir_, "--log-level warn train --dataset good --out dsmodel" + model).exit_code, 0);
    ASSERT_EQ(
        run_in(dir_,
               "--log-level warn train --data good.smi --out charrnn --method charrnn --charrnn-hidden 16 "
               "--charrnn-layers 1 --charrnn-steps 5 --charrnn-batch 4 --threads 1")
            .exit_code,
        0);
    fs::create_directories(dir_ / "truncated");
    for (const auto& entry : fs::directory_iterator(dir_ / "model")) {
      fs::copy_file(entry.path(), dir_ / "truncated" / entry.path().filename());
    }
    fs::resize_file(dir_ / "truncated" / "denoiser.pt", 500);
    fs::copy_file(dir_ / "sild.sqlite", dir_ / "corrupt.sqlite");
    {  // damage the middle of the copy: it still opens, but is not a sound database
      std::fstream file(dir_ / "corrupt.sqlite", std::ios::in | std::ios::out | std::ios::binary);
      file.seekp(static_cast<std::streamoff>(fs::file_size(dir_ / "corrupt.sqlite") / 2));
      const std::string junk(4096, '\xAB');
      file.write(junk.data(), static_cast<std::streamsize>(junk.size()));
    }
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }
  static fs::path dir_;
};

fs::path AdversarialCliTest::dir_;

struct Case {
  Case(std::string args, int exit_code, std::string expected, std::string output = {},
       std::string absent = {})
      : args(std::move(args)),
        exit_code(exit_code),
        expected(std::move(expected)),
        output(std::move(output)),
        absent(std::move(absent)) {}
  std::string args;      ///< after `sild`, run in the suite's folder
  int exit_code;         ///< 0 ok, 1 runtime error, 2 usage error
  std::string expected;  ///< a piece of the message (stderr) or the output (stdout)
  std::string output;    ///< a file that holds "previous" before the command and must keep it on failure
  std::string absent;    ///< a path the command must not leave behind (a failed prepare or train)
};

TEST_F(AdversarialCliTest, EveryCommandOnEveryBadInputFailsCleanlyOrCopes) {
  const std::vector<Case> cases = {
      // props
      {"props -i missing.smi -o prev.csv", 1, "missing.smi", "prev.csv"},
      {"props -i adir -o prev.csv", 1, "is a directory", "prev.csv"},
      {"props -i good.smi -o adir", 1, "is a directory"},
      {"props -i good.smi -o nowhere/out.csv", 1, "cannot create"},
      {"props -i empty.smi -o props_empty.csv", 0, "0 molecules"},
      {"props -i garbage.bin -o props_garbage.csv", 0, "invalid SMILES"},
      {"props -i crlf.smi -o props_crlf.csv", 0, "2 valid"},
      {"props -i bom.csv -o props_bom.csv", 0, "2 valid"},                // defect 11
      {"props -i bom.smi -o props_bomsmi.csv", 0, "2 valid"},             // defect 11
      {"props -i long.smi -o props_long.csv", 0, "--max-smiles-length"},  // defect 2
      {"props -i broken.csv -o props_broken.csv", 0, "unterminated quoted field"},
      {"props -i bom.csv --smiles-column formula -o prev.csv", 1, "no column 'formula'", "prev.csv"},
      {"props -i good.smi -o prev.csv stray", 2, "unexpected argument 'stray'", "prev.csv"},
      {"props -i good.smi -o prev.csv --max-smiles-length -5", 2, "--max-smiles-length", "prev.csv"},
      {"props -i good.smi -o prev.csv --bogus", 2, "--bogus", "prev.csv"},
      // Boost looped forever formatting an error about a value holding its own placeholder (fuzzer)
      {"props -i good.smi -o prev.csv --max-smiles-length '%value%'", 2, "%value%", "prev.csv"},
      {"props -i good.smi -o prev.csv --%canonical_option%", 2, "%canonical_option%", "prev.csv"},
      {"props", 2, "required"},
      // convert
      {"convert --to smiles -i notselfies.txt -o convert_notselfies.txt", 0,
       "1 converted, 2 failed"},  // defect 8
      {"convert --to selfies -i garbage.bin -o convert_garbage.txt", 0, "failed"},
      {"convert --to selfies -i bom.smi -o convert_bom.txt", 0, "2 converted"},  // defect 11
      {"convert --to inchi -i good.smi -o prev.csv", 2, "inchi", "prev.csv"},
      {"convert --to selfies -i adir -o prev.csv", 1, "is a directory", "prev.csv"},
      // sample
      {"sample --model model -n 5 -o prev.sdf", 2, "generate", "prev.sdf"},
      {"sample --model model -n 5 -o prev.smi.gz", 2, "generate", "prev.smi.gz"},
      {"sample --model model -n 5 -o prev.smi --sampler ddpm --eta 0.5", 2, "--eta", "prev.smi"},
      {"sample --model model -n 0 -o prev.smi", 2, "-n", "prev.smi"},
      {"sample --model model -n 5 -o prev.smi extra", 2, "unexpected argument 'extra'", "prev.smi"},
      {"sample --model missing_model -n 5 -o prev.smi", 1, "missing_model", "prev.smi"},
      {"sample --model adir -n 5 -o prev.smi", 1, "config.ini", "prev.smi"},
      {"sample --model truncated -n 5 -o prev.smi", 1, "unusable checkpoint", "prev.smi"},
      {"sample --model model -n 5 -o prev.smi --store notdb.sqlite", 1, "not a SQLite database", "prev.smi"},
      {"sample --model model -n 5 -o prev.smi --store corrupt.sqlite", 1, "corrupt", "prev.smi"},  // defect 9
      {"sample --model model -n 5 -o prev.smi --store adir", 1, "is a directory", "prev.smi"},
      // reconstruct and encode
      {"reconstruct --model model -i comma.csv -o reconstruct_comma.csv", 0, "3 molecules"},  // defect 7
      {"reconstruct --model model -i garbage.bin -o reconstruct_garbage.csv", 0, "0 representable"},
      {"reconstruct --model model -i adir -o prev.csv", 1, "is a directory", "prev.csv"},
      {"reconstruct --model truncated -i good.smi -o prev.csv", 1, "denoiser.pt", "prev.csv"},
      {"encode --model model -i garbage.bin -o encode_garbage.csv", 0, "could be encoded"},  // defect 5
      {"encode --model model -i empty.smi -o encode_empty.csv", 0, "0 molecules"},
      {"encode --model model -i missing.smi -o prev.csv", 1, "missing.smi", "prev.csv"},
      // generate
      {"generate --model model -n 3 -o prev.smi --train good.smi", 2, "--novel", "prev.smi"},
      {"generate --model model -n 3 -o prev.smi --filter ,", 2, "empty condition", "prev.smi"},
      {"generate --model model -n 3 -o prev.smi --filter 'mw=500..200'", 2, "empty range", "prev.smi"},
      {"generate --model model -n 3 -o prev.txt", 2, "extension", "prev.txt"},
      // eval
      {"eval --generated single.smi --test good.smi", 0, "n/a"},                             // defect 6
      {"eval --generated allbad.smi --test good.smi", 0, "n/a"},                             // defect 6
      {"eval --generated good.smi --test empty.smi", 0, "SNN/Test                    n/a"},  // defect 12
      {"eval --generated good.smi --test adir", 1, "is a directory"},
      {"eval --generated missing.smi --test good.smi", 1, "missing.smi"},
      {"eval --generated good.smi", 2, "--test"},
      {"eval --generated good.smi --dataset good --test good.smi", 0, "instead of the dataset's own split"},
      // experiment
      {"experiment manifold --plateau-window 5 --eval-interval 0 --out exp_bad", 2, "--eval-interval"},
      {"experiment manifold --plateau-tolerance -1 --out exp_bad", 2, "--plateau-tolerance"},
      // data prepare (defect 10)
      {"data prepare -i empty.smi --name d_empty", 1, "no usable molecule", "", "datasets/d_empty"},
      {"data prepare -i allbad.smi --name d_bad", 1, "2 unparsable", "", "datasets/d_bad"},
      {"data prepare -i good.smi --name d_col --split column", 1, "CSV", "", "datasets/d_col"},
      {"data prepare -i bom.csv --name d_col2 --split column", 1, "no column 'split'", "", "datasets/d_col2"},
      {"data prepare -i missing.smi --name d_missing", 1, "missing.smi", "", "datasets/d_missing"},
      {"data prepare --name d_none", 2, "--input", "", "datasets/d_none"},
      // train
      {"train --data empty.smi --out t_empty", 1, "no usable molecules", "", "t_empty"},  // defect 10
      {"train --data missing.smi --out t_missing", 1, "missing.smi", "", "t_missing"},
      {"train --data good.smi --out t_resume --resume", 2, "nothing to resume", "", "t_resume"},
      {"train --data good.smi --dataset good --out t_both", 2, "not both", "", "t_both"},
      {"train --data good.smi --out t_cfg --config bad.ini", 2, "bogus-key", "", "t_cfg"},
      {"train --data good.smi --out t_cfg2 --config missing.ini", 1, "missing.ini", "", "t_cfg2"},
      {"train --data good.smi --out t_cfg3 --config placeholder.ini", 2, "placeholder.ini:1", "", "t_cfg3"},
      {"train --data good.smi --out t_cfg4 --config adir", 1, "is a directory", "", "t_cfg4"},
      // fine-tuning
      {"train --data good.smi --out t_init --init nomodel", 1, "--init model directory not found", "",
       "t_init"},
      {"train --data good.smi --out t_init2 --init adir", 1, "finished model", "", "t_init2"},
      {"train --data good.smi --out t_init3 --init model --model-dim 24", 2,
       "--model-dim is fixed by the --init", "", "t_init3"},
      {"train --data good.smi --out t_init4 --init model --finetune 1", 2, "--finetune must be 2 or all", "",
       "t_init4"},
      {"train --data good.smi --out t_init5 --finetune all", 2, "--finetune needs --init", "", "t_init5"},
      {"train --data good.smi --out t_init6 --init model --stage 1", 2, "leave --stage at all", "",
       "t_init6"},
      {"reconstruct --model charrnn -i good.smi -o prev.csv", 1, "no latent space", "prev.csv"},
      // runs, report and the dispatcher
      {"runs", 2, "expected 'list' or 'show ID'"},
      {"runs show abc", 2, "abc"},
      {"runs show 999", 1, "no run with id 999"},
      {"runs list --store notdb.sqlite", 1, "not a SQLite database"},
      {"runs list --store corrupt.sqlite", 1, "corrupt"},
      {"runs list --store none.sqlite", 1, "no results database"},
      {"report 999 -o prev.html", 1, "no run 999", "prev.html"},
      {"frobnicate", 2, "unknown command 'frobnicate'"},
  };
  // Each case writes its own "previous" output (p<index>_NAME), so the cases can run three at a
  // time: a command spends most of its 0.7 s starting up (LibTorch's and RDKit's static setup).
  std::vector<Case> runs = cases;
  for (size_t i = 0; i < runs.size(); ++i) {
    if (runs[i].output.empty()) continue;
    const std::string unique = "p" + std::to_string(i) + "_" + runs[i].output;
    const size_t at = runs[i].args.find(" " + runs[i].output);
    ASSERT_NE(at, std::string::npos) << runs[i].args;
    runs[i].args.replace(at + 1, runs[i].output.size(), unique);
    runs[i].output = unique;
    std::ofstream(dir_ / unique) << "previous\n";
  }
  std::vector<Result> results(runs.size());
  std::atomic<size_t> next{0};
  std::vector<std::thread> workers;
  for (int w = 0; w < 3; ++w) {
    workers.emplace_back([&] {
      for (size_t i = next++; i < runs.size(); i = next++) results[i] = run_in(dir_, runs[i].args);
    });
  }
  for (auto& worker : workers) worker.join();

  for (size_t i = 0; i < runs.size(); ++i) {
    const Case& c = runs[i];
    const Result& result = results[i];
    SCOPED_TRACE("sild " + c.args);
    EXPECT_EQ(result.exit_code, c.exit_code) << result.err;
    const bool mentioned =
        result.err.find(c.expected) != std::string::npos || result.out.find(c.expected) != std::string::npos;
    EXPECT_TRUE(mentioned) << "expected '" << c.expected << "' in:\n" << result.err << result.out;
    expect_no_crash_signs(result, c.args);
    if (c.exit_code != 0) {
      EXPECT_EQ(count_lines_with(result.err, "[error]"), 1) << "one error line:\n" << result.err;
      EXPECT_EQ(result.err.find("--action"), std::string::npos) << result.err;  // internal names stay inside
      EXPECT_EQ(result.err.find("option '--id'"), std::string::npos) << result.err;
    }
    if (!c.output.empty() && c.exit_code != 0) {
      EXPECT_EQ(read_file(dir_ / c.output), "previous\n");
    }
    if (!c.absent.empty()) {
      EXPECT_FALSE(fs::exists(dir_ / c.absent)) << c.absent << " was left behind";
    }
  }
  EXPECT_EQ(leftovers(dir_), std::vector<std::string>{});
  expect_store_intact(dir_ / "sild.sqlite");
}

TEST_F(AdversarialCliTest, OutputsKeepTheirColumnsAndInputsLoseTheirByteOrderMark) {
  ASSERT_EQ(run_in(dir_, "reconstruct --model model -i comma.csv -o rows.csv").exit_code, 0);
  std::istringstream rows(read_file(dir_ / "rows.csv"));
  std::vector<std::string> fields;
  int records = 0;
  for (std::string line; std::getline(rows, line); ++records) {  // defect 7: a comma shifted the columns
    ASSERT_TRUE(split_csv_line(line, fields)) << line;
    EXPECT_EQ(fields.size(), 4u) << line;
  }
  EXPECT_EQ(records, 4);  // header and three records
  ASSERT_EQ(run_in(dir_, "props -i bom.smi -o bom_props.csv").exit_code, 0);
  EXPECT_EQ(read_file(dir_ / "bom_props.csv").find("\xEF\xBB\xBF"), std::string::npos);  // defect 11
  ASSERT_EQ(run_in(dir_, "props -i notselfies.txt -o quoted.csv").exit_code, 0);
  EXPECT_NE(read_file(dir_ / "quoted.csv").find("not,0"), std::string::npos);  // first field of "not selfies"
  ASSERT_EQ(run_in(dir_, "eval --generated good.smi --test good.smi --json eval.json").exit_code, 0);
  const std::string json = read_file(dir_ / "eval.json");
  ASSERT_FALSE(json.empty());
  EXPECT_EQ(json.back(), '\n');
}

TEST_F(AdversarialCliTest, OutputsMayBeStandardOutputSymlinksAndFifos) {  // defect 1
  const Result piped = run_in(dir_, "props -i good.smi -o -");
  EXPECT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_EQ(piped.out.rfind("smiles,valid,qed,sa,logp,mw\nCCO,1,", 0), 0u) << piped.out;
  const Result library = run_in(dir_, "generate --model model -n 2 --max-draws 200 -o -");
  EXPECT_EQ(library.exit_code, 0) << library.err;
  EXPECT_NE(library.out.find(" sild-000001\n"), std::string::npos) << library.out;
  const Result samples = run_in(dir_, "sample --model model -n 4 -o -");
  EXPECT_EQ(samples.exit_code, 0) << samples.err;
  EXPECT_EQ(count_lines_with(samples.out, ""), 4) << samples.out;

  fs::create_directories(dir_ / "real");
  std::ofstream(dir_ / "real" / "props.csv") << "old\n";
  fs::create_symlink("real/props.csv", dir_ / "link.csv");
  ASSERT_EQ(run_in(dir_, "props -i good.smi -o link.csv").exit_code, 0);
  EXPECT_TRUE(fs::is_symlink(dir_ / "link.csv"));
  EXPECT_EQ(read_file(dir_ / "real" / "props.csv").rfind("smiles,valid", 0), 0u);

  ASSERT_EQ(::mkfifo((dir_ / "pipe").c_str(), 0600), 0);
  std::string received;
  std::thread reader([&] { received = read_file(dir_ / "pipe"); });
  const Result fifo = run_in(dir_, "props -i good.smi -o pipe");
  reader.join();
  EXPECT_EQ(fifo.exit_code, 0) << fifo.err;
  EXPECT_EQ(received.rfind("smiles,valid", 0), 0u);
  EXPECT_TRUE(fs::is_fifo(dir_ / "pipe"));
  EXPECT_EQ(run_in(dir_, "props -i good.smi -o /dev/null").exit_code, 0);
  EXPECT_TRUE(fs::is_character_file("/dev/null"));
}

TEST_F(AdversarialCliTest, TheReportOfASampleRunFromADatasetModelIsWritten) {  // defect 4
  const Result sample = run_in(dir_, "sample --model dsmodel -n 8 -o ds_samples.smi");
  ASSERT_EQ(sample.exit_code, 0) << sample.err;
  const auto at = sample.err.find("(run ");
  ASSERT_NE(at, std::string::npos) << sample.err;
  const std::string run_id = sample.err.substr(at + 5, sample.err.find(')', at) - at - 5);
  const Result report = run_in(dir_, "report " + run_id + " -o ds_report.html");
  EXPECT_EQ(report.exit_code, 0) << report.err;
  EXPECT_GT(fs::file_size(dir_ / "ds_report.html"), 1000u);
}

/// True once `pid` runs sild and has a handler for SIGINT (Linux: the SigCgt mask of
/// /proc/PID/status), i.e. the command has loaded its libraries and is running; waits up to 20 s.
bool wait_for_interrupt_handler(pid_t pid) {
  for (int attempt = 0; attempt < 2000; ++attempt) {
    // The pid starts as the shell, which catches SIGINT itself: only sild's own handler counts.
    std::error_code error;
    const fs::path exe = fs::read_symlink("/proc/" + std::to_string(pid) + "/exe", error);
    if (error || !fs::equivalent(exe, test::sild_binary(), error)) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      continue;
    }
    std::ifstream status("/proc/" + std::to_string(pid) + "/status");
    for (std::string line; std::getline(status, line);) {
      if (line.rfind("SigCgt:", 0) == 0 &&
          (std::stoull(line.substr(7), nullptr, 16) >> (SIGINT - 1) & 1) != 0) {
        return true;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

/// Starts `sild ARGS` in the suite's folder; returns its pid. Its log goes to `log`.
pid_t start(const fs::path& dir, const std::string& args, const fs::path& log) {
  pid_t pid = fork();
  if (pid == 0) {
    ::setpgid(0, 0);
    const std::string command = "cd '" + dir.string() + "' && exec '" + test::sild_binary().string() + "' " +
                                args + " > /dev/null 2> '" + log.string() + "'";
    ::execl("/bin/sh", "sh", "-c", command.c_str(), static_cast<char*>(nullptr));
    _exit(127);
  }
  return pid;
}

TEST_F(AdversarialCliTest, TheFirstCtrlCEndsEveryLongCommandWithinASecond) {  // defects 2 and 3
  {
    std::ofstream big(dir_ / "big.smi");
    for (int i = 0; i < 2000000; ++i) big << kMolecules[i % 8] << '\n';
    std::ofstream(dir_ / "chain.smi") << std::string(3000, 'C') << '\n';
  }
  const std::vector<std::string> commands = {
      "props -i chain.smi --max-smiles-length 0 -o prev.out",  // inside one RDKit call
      "props -i big.smi -o prev.out",
      "convert --to selfies -i big.smi -o prev.out",
      "sample --model model -n 5000000 -o prev.smi",
      "reconstruct --model model -i big.smi -o prev.out",
      "encode --model model -i big.smi -o prev.out",
      "generate --model model -n 5000000 --max-draws 500000000 -o prev.smi",
      "eval --generated big.smi --test big.smi",
      "data prepare -i big.smi --name interrupted",
  };
  for (const auto& args : commands) {
    SCOPED_TRACE("sild " + args);
    std::ofstream(dir_ / "prev.out") << "previous\n";
    std::ofstream(dir_ / "prev.smi") << "previous\n";
    const fs::path log = dir_ / "signal.log";
    const pid_t pid = start(dir_, args, log);
    ASSERT_TRUE(wait_for_interrupt_handler(pid));
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // well into its work
    ASSERT_EQ(::kill(pid, SIGINT), 0);
    const auto signalled = std::chrono::steady_clock::now();
    int status = 0;
    ::waitpid(pid, &status, 0);
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - signalled).count();
    const std::string text = read_file(log);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 130) << "status " << status << "\n" << text;
    EXPECT_LT(seconds, 1.5) << text;
    EXPECT_NE(text.find("interrupted"), std::string::npos) << text;
    EXPECT_EQ(read_file(dir_ / "prev.out"), "previous\n");
    EXPECT_EQ(read_file(dir_ / "prev.smi"), "previous\n");
    EXPECT_FALSE(fs::exists(dir_ / "datasets" / "interrupted"));
    EXPECT_EQ(leftovers(dir_), std::vector<std::string>{});
  }
  expect_store_intact(dir_ / "sild.sqlite");
}

TEST_F(AdversarialCliTest, InterruptedTrainingPrintsTheCommandThatResumesIt) {
  const fs::path log = dir_ / "train.log";
  std::string args = "train --data good.smi --out resumable --checkpoint-interval 5";
  for (const auto& flag : tiny_model_flags())
    args += " " + (flag == "--stage1-steps 30" ? "--stage1-steps 100000" : flag);
  const pid_t pid = start(dir_, args, log);
  for (int i = 0; i < 1000 && !fs::exists(dir_ / "resumable" / "stage1.ckpt"); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ASSERT_TRUE(fs::exists(dir_ / "resumable" / "stage1.ckpt"));
  ::kill(pid, SIGINT);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 130) << read_file(log);
  const std::string text = read_file(log);
  // The hint repeats the data and the flags: pasting it continues the same run (it omitted --data).
  EXPECT_NE(text.find("continue with: sild train --data good.smi --out resumable"), std::string::npos)
      << text;
  EXPECT_NE(text.find("--resume"), std::string::npos) << text;
}

}  // namespace
}  // namespace sild
