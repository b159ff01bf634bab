//! `posture learn --quiz`: multiple-choice questions drawn from the account's own findings and the
//! catalogue. Four kinds, as the exam asks them: who owns the fix, which service model places the
//! line, which control prevents the finding, and what the finding risks. A seed makes a quiz
//! reproducible; the same seed over the same findings gives the same questions in the same order.

use std::io::{self, BufRead, Write};

use serde::Serialize;

use crate::catalog::{CheckMeta, Owner, ServiceModel};
use crate::finding::{Finding, Status};
use crate::output::table::wrap;

/// SplitMix64: a few lines, good enough to shuffle a quiz, and the same on every platform.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// A number in `0..bound` (`bound` > 0).
    fn below(&mut self, bound: usize) -> usize {
        // The modulo bias over 2^64 is far below anything a quiz could show.
        (self.next() % bound as u64) as usize
    }

    fn shuffle<T>(&mut self, items: &mut [T]) {
        for i in (1..items.len()).rev() {
            let j = self.below(i + 1);
            items.swap(i, j);
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Who is responsible for fixing this finding?
    Owner,
    /// Which service model places the line for the audited service?
    ServiceModel,
    /// Which control prevents this finding?
    Control,
    /// What does this finding put at risk?
    Risk,
}

const KINDS: [Kind; 4] = [Kind::Owner, Kind::ServiceModel, Kind::Control, Kind::Risk];

/// Options shown per question for the control and risk kinds.
const CHOICES: usize = 4;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Question {
    pub kind: Kind,
    pub check_id: String,
    /// What the question is about: a finding from this account, or a check it passed.
    pub about: String,
    pub prompt: String,
    pub options: Vec<String>,
    /// Index into `options`.
    pub answer: usize,
    pub explanation: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Quiz {
    pub schema: &'static str,
    pub account: String,
    pub seed: u64,
    pub questions: Vec<Question>,
}

fn owner_option(owner: Owner) -> &'static str {
    match owner {
        Owner::Customer => "The customer: security IN the cloud",
        Owner::Aws => "AWS: security OF the cloud",
        Owner::Shared => {
            "Both: AWS provides the fix and the customer applies it (a shared control)"
        }
    }
}

fn model_option(model: ServiceModel) -> &'static str {
    match model {
        ServiceModel::Iaas => {
            "IaaS: the customer runs the guest OS; AWS the hardware and hypervisor"
        }
        ServiceModel::Paas => "PaaS: AWS also runs and patches the OS and the engine or runtime",
        ServiceModel::Saas => "SaaS-like managed service: AWS runs all of the service software",
        ServiceModel::Account => {
            "None: an account-wide setting that AWS provides and the customer turns on"
        }
    }
}

/// The finding a question is about, or the check it passed.
struct Subject<'a> {
    meta: &'static CheckMeta,
    finding: &'a Finding,
}

impl Subject<'_> {
    fn failed(&self) -> bool {
        self.finding.reported_status() == Status::Fail
    }

    /// The question as it reads about a failure, or about a check the account passes.
    fn ask(&self, about_failure: &str, about_pass: &str) -> String {
        if self.failed() {
            about_failure
        } else {
            about_pass
        }
        .to_string()
    }

    fn about(&self) -> String {
        let verdict = if self.failed() { "fails" } else { "passes" };
        format!(
            "This account {verdict} {}: \"{}\"",
            self.meta.id, self.finding.message
        )
    }
}

/// Picks `CHOICES - 1` wrong options from other checks, far enough from the subject (another
/// service and another layer) that only one option is right.
fn distractors(
    subject: &CheckMeta,
    catalogue: &[&'static CheckMeta],
    text: fn(&CheckMeta) -> &str,
    rng: &mut Rng,
) -> Vec<String> {
    let mut pool: Vec<&str> = catalogue
        .iter()
        .filter(|meta| meta.service != subject.service && meta.layer != subject.layer)
        .map(|meta| text(meta))
        .filter(|option| *option != text(subject))
        .collect();
    pool.sort_unstable();
    pool.dedup();
    rng.shuffle(&mut pool);
    pool.into_iter()
        .take(CHOICES - 1)
        .map(str::to_string)
        .collect()
}

/// Shuffles the right option in among the wrong ones and remembers where it went.
fn shuffled(right: String, wrong: Vec<String>, rng: &mut Rng) -> (Vec<String>, usize) {
    let mut options = wrong;
    options.push(right.clone());
    rng.shuffle(&mut options);
    let answer = options.iter().position(|o| *o == right).unwrap_or(0);
    (options, answer)
}

fn question(
    kind: Kind,
    subject: &Subject,
    catalogue: &[&'static CheckMeta],
    rng: &mut Rng,
) -> Option<Question> {
    let meta = subject.meta;
    let (prompt, right, wrong, explanation) = match kind {
        Kind::Owner => (
            "Under the shared responsibility model, who is responsible for this?".to_string(),
            owner_option(meta.owner).to_string(),
            Owner::ALL
                .into_iter()
                .filter(|&o| o != meta.owner)
                .map(|o| owner_option(o).to_string())
                .collect(),
            meta.why_owner.clone(),
        ),
        Kind::ServiceModel => (
            format!(
                "The check audits {}. Which service model places the responsibility line for it?",
                meta.service
            ),
            model_option(meta.service_model).to_string(),
            [
                ServiceModel::Iaas,
                ServiceModel::Paas,
                ServiceModel::Saas,
                ServiceModel::Account,
            ]
            .into_iter()
            .filter(|&m| m != meta.service_model)
            .map(|m| model_option(m).to_string())
            .collect(),
            format!("Where the line sits: {}.", meta.service_model.line()),
        ),
        Kind::Control => (
            subject.ask(
                "Which control, when in place, prevents this finding?",
                "Which control does this result show in place?",
            ),
            meta.title.clone(),
            distractors(meta, catalogue, |m| &m.title, rng),
            meta.remediation.clone(),
        ),
        Kind::Risk => (
            subject.ask(
                "What does this finding put at risk?",
                "What risk does this setting keep away?",
            ),
            meta.risk.clone(),
            distractors(meta, catalogue, |m| &m.risk, rng),
            meta.learn.clone(),
        ),
    };
    // A catalogue too small for distinct wrong answers makes no question rather than a bad one.
    if wrong.len() < 2 {
        return None;
    }
    let (options, answer) = shuffled(right, wrong, rng);
    Some(Question {
        kind,
        check_id: meta.id.clone(),
        about: subject.about(),
        prompt,
        options,
        answer,
        explanation,
    })
}

/// Up to `count` questions: failures first (one subject per check), then checks the account
/// passed, each subject asked a different kind in turn.
pub fn generate(
    account: &str,
    findings: &[Finding],
    catalogue: &[&'static CheckMeta],
    count: usize,
    seed: u64,
) -> Quiz {
    let mut rng = Rng(seed);
    let subjects_with = |status: Status| -> Vec<Subject> {
        let mut seen: Vec<&str> = Vec::new();
        findings
            .iter()
            .filter(|f| f.reported_status() == status)
            .filter(|f| {
                let fresh = !seen.contains(&f.meta.id.as_str());
                seen.push(f.meta.id.as_str());
                fresh
            })
            .map(|finding| Subject {
                meta: finding.meta,
                finding,
            })
            .collect()
    };
    let mut failures = subjects_with(Status::Fail);
    let mut passes = subjects_with(Status::Pass);
    rng.shuffle(&mut failures);
    rng.shuffle(&mut passes);
    let subjects: Vec<Subject> = failures.into_iter().chain(passes).collect();
    let first_kind = rng.below(KINDS.len());
    let mut questions = Vec::new();
    'rounds: for round in 0..KINDS.len() {
        for (index, subject) in subjects.iter().enumerate() {
            if questions.len() >= count {
                break 'rounds;
            }
            let kind = KINDS[(first_kind + index + round) % KINDS.len()];
            questions.extend(question(kind, subject, catalogue, &mut rng));
        }
    }
    Quiz {
        schema: "posture.quiz/v1",
        account: account.to_string(),
        seed,
        questions,
    }
}

fn letter(index: usize) -> char {
    char::from(b'a' + u8::try_from(index % 26).unwrap_or(0))
}

/// Writes `text` wrapped to `width`, continuation lines indented by `rest`.
fn para(
    out: &mut impl Write,
    width: usize,
    first: usize,
    rest: usize,
    text: &str,
) -> io::Result<()> {
    for line in wrap(text, width, first, rest) {
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

fn write_question(
    out: &mut impl Write,
    width: usize,
    number: usize,
    total: usize,
    q: &Question,
) -> io::Result<()> {
    writeln!(out, "\nQuestion {number} of {total} ({})", q.check_id)?;
    para(out, width, 0, 2, &q.about)?;
    para(out, width, 0, 0, &q.prompt)?;
    for (index, option) in q.options.iter().enumerate() {
        para(out, width, 2, 5, &format!("{}) {option}", letter(index)))?;
    }
    Ok(())
}

/// What follows every answer: the reason, and where to read more.
fn write_explanation(out: &mut impl Write, width: usize, q: &Question) -> io::Result<()> {
    para(out, width, 0, 5, &format!("Why: {}", q.explanation))?;
    writeln!(out, "More: posture explain {}", q.check_id)
}

fn header(quiz: &Quiz) -> String {
    format!(
        "posture learn --quiz: {} questions on account {} (seed {}: --seed {} asks them again)",
        quiz.questions.len(),
        quiz.account,
        quiz.seed,
        quiz.seed
    )
}

/// Without a terminal: every question followed by its answer and why, for reading or printing.
pub fn answer_sheet(quiz: &Quiz, width: usize) -> String {
    let mut out: Vec<u8> = Vec::new();
    // Writing into memory cannot fail.
    let _ = answer_sheet_into(&mut out, quiz, width);
    String::from_utf8_lossy(&out).into_owned()
}

fn answer_sheet_into(out: &mut impl Write, quiz: &Quiz, width: usize) -> io::Result<()> {
    para(out, width, 0, 2, &header(quiz))?;
    let total = quiz.questions.len();
    for (index, q) in quiz.questions.iter().enumerate() {
        write_question(out, width, index + 1, total, q)?;
        para(out, width, 0, 8, &format!("Answer: {}", answer_text(q)))?;
        write_explanation(out, width, q)?;
    }
    Ok(())
}

/// "b) The customer: ...": the right option with its letter.
fn answer_text(q: &Question) -> String {
    format!(
        "{}) {}",
        letter(q.answer),
        q.options.get(q.answer).map_or("", String::as_str)
    )
}

/// What a learner typed: an option, a request to stop, or something to ask again about.
enum Reply {
    Option(usize),
    Quit,
    Unclear,
}

fn parse_reply(line: &str, options: usize) -> Reply {
    let reply = line.trim().to_ascii_lowercase();
    if reply == "q" || reply == "quit" {
        return Reply::Quit;
    }
    let index = match reply.as_bytes() {
        [c @ b'a'..=b'z'] => Some(usize::from(c - b'a')),
        _ => reply.parse::<usize>().ok().and_then(|n| n.checked_sub(1)),
    };
    match index {
        Some(i) if i < options => Reply::Option(i),
        _ => Reply::Unclear,
    }
}

/// The score of an interactive run: right answers out of questions answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Score {
    pub right: usize,
    pub answered: usize,
}

/// On a terminal: one question at a time, the explanation after each answer, the score at the
/// end. `q` or the end of input stops early, and the score covers what was answered.
pub fn interactive(
    quiz: &Quiz,
    width: usize,
    input: &mut impl BufRead,
    out: &mut impl Write,
) -> io::Result<Score> {
    para(out, width, 0, 2, &header(quiz))?;
    writeln!(out, "Answer with a letter (q stops).")?;
    let mut score = Score {
        right: 0,
        answered: 0,
    };
    let total = quiz.questions.len();
    'questions: for (index, q) in quiz.questions.iter().enumerate() {
        write_question(out, width, index + 1, total, q)?;
        let choice = loop {
            write!(out, "> ")?;
            out.flush()?;
            let mut line = String::new();
            if input.read_line(&mut line)? == 0 {
                break 'questions;
            }
            match parse_reply(&line, q.options.len()) {
                Reply::Option(choice) => break choice,
                Reply::Quit => break 'questions,
                Reply::Unclear => writeln!(
                    out,
                    "Please answer a to {} (or q to stop).",
                    letter(q.options.len() - 1)
                )?,
            }
        };
        score.answered += 1;
        if choice == q.answer {
            score.right += 1;
            writeln!(out, "Right.")?;
        } else {
            para(
                out,
                width,
                0,
                5,
                &format!("Not quite: the answer is {}", answer_text(q)),
            )?;
        }
        write_explanation(out, width, q)?;
    }
    writeln!(
        out,
        "\nScore: {} of {} right{}",
        score.right,
        score.answered,
        if score.answered < total {
            format!(" ({total} asked)")
        } else {
            String::new()
        }
    )?;
    Ok(score)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::fixtures;
    use crate::registry;

    fn catalogue() -> Vec<&'static CheckMeta> {
        registry::all().iter().map(|check| check.meta()).collect()
    }

    fn quiz(seed: u64, count: usize) -> Quiz {
        generate(
            fixtures::ACCOUNT,
            &fixtures::findings(),
            &catalogue(),
            count,
            seed,
        )
    }

    #[test]
    fn the_same_seed_gives_the_same_quiz_and_another_seed_another() {
        assert_eq!(quiz(7, 10), quiz(7, 10));
        let orders: Vec<Vec<(Kind, String)>> = (0..8)
            .map(|seed| {
                quiz(seed, 10)
                    .questions
                    .into_iter()
                    .map(|q| (q.kind, q.check_id))
                    .collect()
            })
            .collect();
        assert!(orders.windows(2).any(|pair| pair[0] != pair[1]));
    }

    #[test]
    fn every_question_has_one_right_answer_among_distinct_options() {
        for seed in 0..20 {
            for q in quiz(seed, 12).questions {
                assert!(q.answer < q.options.len(), "{q:?}");
                let mut options = q.options.clone();
                options.sort();
                options.dedup();
                assert_eq!(options.len(), q.options.len(), "{q:?}");
                assert!(q.options.len() >= 3, "{q:?}");
            }
        }
    }

    #[test]
    fn answers_follow_the_catalogue() {
        for q in quiz(3, 12).questions {
            let meta = fixtures::findings()
                .into_iter()
                .find(|f| f.meta.id == q.check_id)
                .map(|f| f.meta)
                .expect("a question is about a finding");
            let right = &q.options[q.answer];
            match q.kind {
                Kind::Owner => assert_eq!(right, owner_option(meta.owner)),
                Kind::ServiceModel => assert_eq!(right, model_option(meta.service_model)),
                Kind::Control => assert_eq!(right, &meta.title),
                Kind::Risk => assert_eq!(right, &meta.risk),
            }
        }
    }

    #[test]
    fn failures_are_asked_about_before_passes_and_muted_ones_never() {
        let questions = quiz(11, 4).questions;
        let failing = [
            "iam.root_mfa_enabled",
            "ec2.sg_no_admin_ports_open_ipv4",
            "s3.bucket_no_public_acl",
            "s3.bucket_versioning_enabled",
        ];
        for q in &questions {
            assert!(failing.contains(&q.check_id.as_str()), "{q:?}");
            assert!(q.about.starts_with("This account fails"), "{q:?}");
        }
        let all = quiz(11, 100).questions;
        assert!(
            all.iter()
                .any(|q| q.about.starts_with("This account passes"))
        );
        assert!(!all.iter().any(|q| q.about.contains("public-site-logs")));
    }

    #[test]
    fn interactive_scores_the_answers_and_explains_each() {
        let quiz = quiz(5, 3);
        let right = letter(quiz.questions[0].answer);
        let wrong = letter((quiz.questions[1].answer + 1) % quiz.questions[1].options.len());
        let typed = format!("zz\n{right}\n{wrong}\nq\n");
        let mut out = Vec::new();
        let score = interactive(&quiz, 100, &mut typed.as_bytes(), &mut out).expect("writes");
        let text = String::from_utf8(out).expect("utf-8");
        assert_eq!(
            score,
            Score {
                right: 1,
                answered: 2
            }
        );
        assert!(text.contains("Please answer a to"), "{text}");
        assert!(
            text.contains("Right.") && text.contains("Not quite: the answer is"),
            "{text}"
        );
        assert_eq!(text.matches("Why: ").count(), 2);
        assert!(text.contains(&format!(
            "More: posture explain {}",
            quiz.questions[0].check_id
        )));
        assert!(text.contains("Score: 1 of 2 right (3 asked)"), "{text}");
    }

    #[test]
    fn the_answer_sheet_prints_every_answer() {
        let quiz = quiz(9, 5);
        let sheet = answer_sheet(&quiz, 80);
        assert_eq!(sheet.matches("\nAnswer: ").count(), quiz.questions.len());
        for line in sheet.lines() {
            assert!(
                line.chars().count() <= 80 || !line.trim().contains(' '),
                "{line}"
            );
        }
        assert!(
            sheet.starts_with("posture learn --quiz: 5 questions on account 123456789012 (seed 9")
        );
    }
}
