//! Hand-written expectations for the Cloud Native London roundups in `../shared/corpus/dev/`.
//!
//! Every title, name, affiliation, offset and takeaway count below was read off the post by a
//! person, not produced by the extractor. The posts are read in place; none is copied here.
//!
//! Posts whose name says "cloud-native-london-<month>" but are left out of the exact table,
//! because the conventions do not settle what the right answer is (one line each):
//! - 2017-07-05 (july-2017): free-form; talk titles only in bullets ("What does Cloud Native mean (to you?)" - Michael's discussion …).
//! - 2017-08-01 (august-2017): speakers named ("featuring Karolis Rusenas from StorageOS, …") but no talk titles.
//! - 2017-10-03 (october-2017): talks described ("Our first speaker, Dario Simonetti, explained …") without titles.
//! - 2018-10-09: no title phrase: "told us about eBPF (extended Berkeley Packet Filter), showing how:", "gave a live demo of Ballerina, …", "gave an advanced analysis of container security:".
//! - 2018-11-07: "told us about creating Kubernetes operators for fun and profit, and in his experience:" ends at no listed terminator.
//! - 2019-01-08 (roundup): third speaker is the author, "Finally I gave an overview about CNCF in […]".
//! - 2019-01-08 (crossing-the-chasm): bullets of the author's own talk, no roundup sentences.
//! - 2019-02-06: the 4th bullet of the first talk is followed by unindented "- recommender …" lines: 4 or 7 takeaways?
//! - 2019-03-06: descriptive link text as title ("[the increased adoption of Kubernetes since 2016; and …]"), a quoted title with a trailing space, bullets with no blank line after "The talk covered:".
//! - 2019-06-05: "Josh Michielsen gave us a recap of the events of KubeCon Europe 2019" — a talk without a title?
//! - 2019-09-04: "Josh Michielsen shared Condé Nast's story on […]" — affiliation only as a possessive; intro calls Andrew Page "Andy".
//! - 2020-03-04: link text "“Declarative cluster management using Kubernetes all the way down” - The why and how of Kubernetes Cluster API" — strip the partial quotes or not?
//! - 2020-03-17 (going-virtual): not a roundup (no month in the name either).
//! - 2020-05-06: "Grant Schofield from Humio discussed being Stateful in a Stateless Land" — is "being" part of the title?
//! - 2020-06-03: "giving us An Advanced View of Container Security" (lead-in) and "discussing the Key Steps to a Good Quality …" (leading "the"?).
//! - 2020-08-05: "giving us an insight into his experiences Helping traditional security teams become Cloud Native" — title starts only at the capital H.
//! - 2020-12-02: "Next up was Xavier Millot from who asked about Nectar Sharing Kubernetes Apps: Can we do Better?" — company slipped into the title.
//! - 2021-03-03: "kicking us off for the evening Building Hopsworks, a cloud-native managed feature store …" — no lead-in verb.
//! - 2021-06-02: "who wrapped up our evening talking about how Developers Do Not Need Kubernetes" — is "how" part of the title?
//! - 2021-10-06: "with his Top 5 IT Challenges That You Should Be Prepared For" — is "his" part of the title?
//! - 2021-11-03: "Bjorn Graabek from Humio saying to Log Everything!" — "Log Everything!" or "to Log Everything!"?

use std::fs;
use std::panic;

use emcee::corpus::{Event, Kind, read_post};

const DEV: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/dev/");

/// One talk as a person reads it: title, speakers (name, affiliation), seconds into the
/// recording, and how many top-level takeaway bullets follow it.
struct ExpectedTalk {
    title: &'static str,
    speakers: &'static [(&'static str, Option<&'static str>)],
    video_start: Option<u32>,
    takeaways: usize,
}

const fn talk(
    title: &'static str,
    speakers: &'static [(&'static str, Option<&'static str>)],
    video_start: Option<u32>,
    takeaways: usize,
) -> ExpectedTalk {
    ExpectedTalk {
        title,
        speakers,
        video_start,
        takeaways,
    }
}

type Row = (String, Vec<(String, Option<String>)>, Option<u32>, usize);

fn expected_rows(talks: &[ExpectedTalk]) -> Vec<Row> {
    talks
        .iter()
        .map(|t| {
            (
                t.title.to_string(),
                t.speakers
                    .iter()
                    .map(|(name, org)| (name.to_string(), org.map(str::to_string)))
                    .collect(),
                t.video_start,
                t.takeaways,
            )
        })
        .collect()
}

fn actual_rows(event: &Event) -> Vec<Row> {
    event
        .talks
        .iter()
        .map(|t| {
            (
                t.title.clone(),
                t.speakers
                    .iter()
                    .map(|s| (s.name.clone(), s.affiliation.clone()))
                    .collect(),
                t.video_start,
                t.takeaways.len(),
            )
        })
        .collect()
}

fn read(file: &str) -> Vec<Event> {
    let path = format!("{DEV}{file}");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {path}: {e}"));
    read_post(file, &text).0
}

/// The post's own event: the meetup dated as the file name says, else the meetup with talks.
fn roundup<'a>(file: &str, events: &'a [Event]) -> &'a Event {
    let day = &file[..10];
    events
        .iter()
        .find(|e| e.kind == Kind::Meetup && e.date.to_string() == day)
        .or_else(|| {
            events
                .iter()
                .find(|e| e.kind == Kind::Meetup && !e.talks.is_empty())
        })
        .unwrap_or_else(|| panic!("{file}: no roundup event among {events:#?}"))
}

fn check_talks(file: &str, expected: &[ExpectedTalk]) {
    let events = read(file);
    let event = roundup(file, &events);
    assert_eq!(event.kind, Kind::Meetup, "{file}: roundup kind");
    assert!(
        event.sources.iter().any(|s| s == file),
        "{file}: sources {:?} lack the file",
        event.sources
    );
    assert_eq!(
        actual_rows(event),
        expected_rows(expected),
        "{file}: talks (title, speakers, video_start, takeaway count) differ"
    );
}

// ---------------------------------------------------------------------------------------------
// 2018

const F_2018_09: &str =
    "2018-09-10-cloud-native-london-september-2018-financial-times-armakuni-and-sysdig.md";
const T_2018_09: &[ExpectedTalk] = &[
    talk(
        "Switching Horses Midstream: The Challenges of Migrating 150+ Microservices to Kubernetes",
        &[("Sarah Wells", Some("Financial Times"))],
        None,
        3,
    ),
    talk(
        "Where's the value in Cloud Native? High value cloud native practices, and how to sell them to your boss",
        &[
            ("Zenon Hannick", Some("Armakuni")),
            ("Billie Thompson", Some("Armakuni")),
        ],
        None,
        3,
    ),
    talk(
        "Runtime Security for Cloud Native Platforms",
        &[("Michael Ducy", Some("Sysdig"))],
        None,
        3,
    ),
];

const F_2018_12: &str =
    "2018-12-12-cloud-native-london-december-2018-paybase-dneg-and-controlplane.md";
const T_2018_12: &[ExpectedTalk] = &[
    talk(
        "Continuous Delivery in the Cloud with Spinnaker and Kubernetes",
        &[("Ana Calin", Some("Paybase"))],
        Some(240),
        3,
    ),
    talk(
        "gRPC: Modern approach to write microservices",
        &[("Dheeraj Bhadani", Some("DNEG"))],
        Some(1975),
        1,
    ),
    talk(
        "Secure GitOps in Production",
        &[("Luke Bond", Some("Control Plane"))],
        Some(4345),
        3,
    ),
];

// ---------------------------------------------------------------------------------------------
// 2019

const F_2019_04: &str =
    "2019-04-03-cloud-native-london-april-2019-component-soft-and-the-university-of-bristol.md";
const T_2019_04: &[ExpectedTalk] = &[
    talk(
        "Istio – connect your microservices in a secure way",
        &[("Laszlo Budai", Some("Component Soft"))],
        None,
        3,
    ),
    // "Dr Christoper Woods" in the post (the photo caption spells it Christopher).
    talk(
        "Running HPC Workloads via Jupyter using Kubernetes and Fn serverless functions",
        &[("Christoper Woods", Some("Bristol University"))],
        None,
        3,
    ),
];

const F_2019_05: &str =
    "2019-05-01-cloud-native-london-may-2019-microsoft-finimize-and-forgerock.md";
const T_2019_05: &[ExpectedTalk] = &[
    talk(
        "Intelligent Performance of Azure SQL Database",
        &[("Manish Kumar", Some("Microsoft"))],
        None,
        3,
    ),
    talk(
        "An intro to EKS - managed Kubernetes from AWS",
        &[("Matt Dalton", Some("Finimize"))],
        None,
        3,
    ),
    talk(
        "ForgeRock - the most cloud friendly identity platform",
        &[("Andrew Potter", Some("ForgeRock"))],
        None,
        3,
    ),
];

const F_2019_07: &str = "2019-07-03-cloud-native-london-july-2019-Suade-Labs-SUSE-and-Dynatrace.md";
const T_2019_07: &[ExpectedTalk] = &[
    talk(
        "CNCF tools for SysOps",
        &[("Hubert Bosiacki", Some("Suade Labs"))],
        None,
        3,
    ),
    // Quoted as [“Code to Production … tools"] — a curly opening and a straight closing quote.
    talk(
        "Code to Production in less than 3 minutes on Kubernetes with Open Source tools",
        &[("Rob de Canha-Knight", Some("SUSE"))],
        None,
        3,
    ),
    talk(
        "Continuous Deployment & Operations on Kubernetes with keptn",
        &[("Andreas Grabner", Some("Dynatrace"))],
        None,
        3,
    ),
];

const F_2019_08: &str = "2019-08-07-cloud-native-london-august-2019-cloudability-and-jfrog.md";
const T_2019_08: &[ExpectedTalk] = &[
    talk(
        "What did that container cost and why should I care?",
        &[("Erik Onnen", Some("Cloudability"))],
        None,
        0,
    ),
    talk(
        "How community projects such as central repositories can be run on Kubernetes",
        &[("Rimantas Mocevicius", Some("JFrog"))],
        None,
        0,
    ),
];

// First names in the talk sentences, full names and companies in the intro sentence.
const F_2019_10: &str =
    "2019-10-01-cloud-native-london-october-2019-wso2-nationwide-building-society-and-intel.md";
const T_2019_10: &[ExpectedTalk] = &[
    talk(
        "Build, run and manage composite apps on Kubernetes with Cellery",
        &[("Paul Fremantle", Some("WSO2"))],
        None,
        3,
    ),
    talk(
        "Your Kernel and You - How cgroups make containers possible",
        &[("Marc Cluet", Some("Nationwide Building Society"))],
        None,
        3,
    ),
    // The link text ends with "Industry 4.0." — the trailing "." is dropped.
    talk(
        "Building an open source Cloud-native Edge Computing infrastructure with the OpenNESS Toolkit for 5G and Industry 4.0",
        &[("Anurag Ranjan", Some("Intel"))],
        None,
        3,
    ),
];

// Offsets as plain text: "(starting at 09:30)", "(starting at 43:40)", "(starting 1:24:50)".
const F_2019_12: &str =
    "2019-12-10-cloud-native-london-december-2019-d2iq-exelerys-and-palo-alto-networks.md";
const T_2019_12: &[ExpectedTalk] = &[
    talk(
        "Introducing Kudo",
        &[("Matt Jarvis", Some("D2iQ"))],
        Some(570),
        3,
    ),
    talk(
        "Securing DevOps CI/CD Pipelines in the Cloud",
        &[("Jesus Escolar", Some("EXELERYS"))],
        Some(2620),
        3,
    ),
    talk(
        "The Age of the Cloud Native Security Platform",
        &[("Ashley Ward", Some("Palo Alto Networks"))],
        Some(5090),
        3,
    ),
];

// ---------------------------------------------------------------------------------------------
// 2020

const F_2020_01: &str = "2020-01-08-cloud-native-london-january-2020-VMWare-Ziglu-and-WoTT.md";
const T_2020_01: &[ExpectedTalk] = &[
    talk(
        "Rethinking Security from Scratch: The Case for Shifting Container Security from the Edge to the Core",
        &[("Chris Milsted", Some("VMWare"))],
        None,
        3,
    ),
    talk(
        "Building a Crypto Bank in the Cloud",
        &[("Hussein Badakhchani", Some("Ziglu"))],
        None,
        3,
    ),
    talk(
        "The DevSecOps Iceberg",
        &[("Viktor Petersson", Some("WoTT"))],
        None,
        3,
    ),
];

const F_2020_02: &str = "2020-02-05-cloud-native-london-february-2020-Servian-Agyla-and-Contino.md";
const T_2020_02: &[ExpectedTalk] = &[
    talk(
        "The Cheesy Analogy of MLflow and Kubeflow",
        &[("Byron Allen", Some("Servian"))],
        Some(375),
        3,
    ),
    talk(
        "Cloud native disaster recovery in Cloud",
        &[("Ines Cheikhrouhou", Some("Agyla"))],
        Some(2527),
        3,
    ),
    talk(
        "My Journey into Site Reliability Engineering",
        &[("Jai Campbell", Some("Contino"))],
        Some(4895),
        3,
    ),
];

// Offsets only in the title links' `?t=`.
const F_2020_04: &str = "2020-04-08-cloud-native-london-april-2020.md";
const T_2020_04: &[ExpectedTalk] = &[
    talk(
        "The SRE journey at RVU: People, automation and data-driven decisions",
        &[("Dewald Viljoen", Some("RVU"))],
        Some(1808),
        3,
    ),
    talk(
        "SSL Certificates in multi cluster environments",
        &[("Amir Avraham", Some("Alcide"))],
        Some(3722),
        3,
    ),
    talk(
        "Next Generation Platform Architecture",
        &[("Andrei Cioaca", Some("Capgemini"))],
        Some(6275),
        3,
    ),
];

const F_2020_07: &str = "2020-07-01-cloud-native-london-july-2020.md";
const T_2020_07: &[ExpectedTalk] = &[
    talk(
        "Serverless vs Kubernetes - The Great Cloud Native Debate",
        &[("Josh Armitage", Some("Contino"))],
        None,
        3,
    ),
    talk(
        "Overcoming scalability issues in your Prometheus ecosystem",
        &[("Juergen Etzlstorfer", Some("Dynatrace"))],
        None,
        3,
    ),
    talk(
        "Architecting petabyte-scale analytics by scaling out Postgres on Azure with Citus",
        &[("Alicja Kucharczyk", Some("Microsoft"))],
        None,
        3,
    ),
];

const F_2020_09: &str = "2020-09-01-cloud-native-london-september-2020.md";
const T_2020_09: &[ExpectedTalk] = &[
    talk(
        "Rediscover Redis: Beyond Cache",
        &[("Pieter Cailliau", Some("Redis Labs"))],
        Some(1675),
        3,
    ),
    talk(
        "How to not kubernetes: old habits in a container world",
        &[("Hubert Bosiacki", Some("Suade Labs"))],
        Some(3903),
        3,
    ),
    talk(
        "Bring your code and not Kubernetes YAML",
        &[("Prasenjit Sarkar", Some("Oracle"))],
        Some(6514),
        3,
    ),
];

const F_2020_10: &str = "2020-10-07-cloud-native-london-october-2020.md";
const T_2020_10: &[ExpectedTalk] = &[
    talk(
        "Open Policy Agent: your passport to enterprise interoperability",
        &[("Alex Jones", Some("American Express"))],
        Some(1651),
        3,
    ),
    talk(
        "Using Serverless Today",
        &[("James Charlesworth", Some("Pendo"))],
        Some(3167),
        3,
    ),
    talk(
        "Kubernetes Ingress Today and Tomorrow",
        &[("Kevin Crawley", Some("Containous"))],
        Some(6050),
        3,
    ),
];

const F_2020_11: &str = "2020-11-04-cloud-native-london-november-2020.md";
const T_2020_11: &[ExpectedTalk] = &[
    talk(
        "From Kubernetes Multi-Cloud to CaaS/FaaS",
        &[("Jake Tame", Some("Nutanix"))],
        Some(2145),
        3,
    ),
    talk(
        "DevOps workflows you can implement to improve your Kubernetes game",
        &[("Chris Kranz", Some("Sysdig"))],
        Some(3655),
        3,
    ),
    talk(
        "Connecting Clouds - Designing your multicloud architecture",
        &[("Paul McGuinness", Some("Megaport"))],
        Some(6557),
        3,
    ),
];

// ---------------------------------------------------------------------------------------------
// 2021

const F_2021_01: &str = "2021-01-06-cloud-native-london-january-2021.md";
const T_2021_01: &[ExpectedTalk] = &[
    talk(
        "Cloud Native at a 150 year old Retail Institution - the good the bad and the ugly",
        &[("Simon Perry", Some("Sainsburys"))],
        Some(1801),
        3,
    ),
    talk(
        "Architectural Caching Patterns for Kubernetes",
        &[("Rafał Leszko", Some("Hazelcast"))],
        Some(3608),
        3,
    ),
    talk(
        "Securing DevOps CI/CD Pipelines in the Cloud – 2021 Update",
        &[("Jesus Escolar", Some("Exelerys"))],
        Some(6447),
        3,
    ),
];

const F_2021_02: &str = "2021-02-03-cloud-native-london-february-2021.md";
const T_2021_02: &[ExpectedTalk] = &[
    talk(
        "Eventually Consistent Testing for Kubernetes Controllers",
        &[("Joel Speed", Some("Red Hat"))],
        Some(1861),
        3,
    ),
    talk(
        "Why you should take care of infrastructure drift",
        &[("Stephane Jourdan", Some("driftctl"))],
        Some(3611),
        3,
    ),
    talk(
        "Replicated block storage with LINSTOR",
        &[("Robert Altnoeder", Some("LINBIT HA-Solutions GmbH"))],
        Some(6322),
        3,
    ),
];

const F_2021_04: &str = "2021-04-07-cloud-native-london-april-2021.md";
const T_2021_04: &[ExpectedTalk] = &[
    talk(
        "CI/CD Pipeline for Kubernetes",
        &[("Batel Tova", Some("JFrog"))],
        Some(1946),
        3,
    ),
    talk(
        "Performance and Benchmarking Cloud Native Storage",
        &[("Alex Chircop", Some("StorageOS"))],
        Some(3534),
        3,
    ),
    talk(
        "Continuous Security - Building Security into your Pipelines",
        &[("Matt Jarvis", Some("Snyk"))],
        Some(6265),
        3,
    ),
];

const F_2021_05: &str = "2021-05-12-cloud-native-london-may-2021.md";
const T_2021_05: &[ExpectedTalk] = &[
    talk(
        "Simplifying Stateful Serverless Architectures",
        &[("Konstantin Knauf", Some("Ververica"))],
        Some(1638),
        3,
    ),
    talk(
        "How to automatically detect and deal with deprecated APIs",
        &[("Stepan Stipl", Some("DoiT International"))],
        Some(3648),
        3,
    ),
];

const F_2021_07: &str = "2021-07-07-cloud-native-london-july-2021.md";
const T_2021_07: &[ExpectedTalk] = &[
    talk(
        "Making Logs Work for you with Fluentd",
        &[("Phil Wilkins", Some("Capgemini UK"))],
        Some(1649),
        3,
    ),
    talk(
        "Scalable Confidential Computing on Kubernetes with Marblerun",
        &[("Felix Schuster", Some("Edgeless Systems"))],
        Some(3698),
        3,
    ),
];

const F_2021_08: &str = "2021-08-04-cloud-native-london-august-2021.md";
const T_2021_08: &[ExpectedTalk] = &[
    talk(
        "Distroless Docker Images",
        &[("Melissa McKay", Some("JFrog"))],
        Some(1493),
        3,
    ),
    talk(
        "Implementing an application level approach to GitOps",
        &[("Bruno Andrade", Some("Shipa"))],
        Some(3407),
        3,
    ),
];

const F_2021_09: &str = "2021-09-01-cloud-native-london-september-2021.md";
const T_2021_09: &[ExpectedTalk] = &[
    talk(
        "How attackers exploit containerized Azure workloads - and how to secure them",
        &[("David Okeyode", Some("Palo Alto Networks"))],
        Some(1645),
        3,
    ),
    talk(
        "Sustainability, powered by Argo",
        &[("Christoph Buchli", Some("Helio AG"))],
        Some(3640),
        3,
    ),
];

const F_2021_12: &str = "2021-12-01-cloud-native-london-december-2021.md";
const T_2021_12: &[ExpectedTalk] = &[
    talk(
        "How to optimize and scale cloud-native application storage",
        &[("Rodney Karemba", Some("Ondat"))],
        Some(1601),
        3,
    ),
    talk(
        "Understanding design, performance and benchmarking of Kubernetes",
        &[("Dean Lewis", Some("VMWare"))],
        Some(3467),
        3,
    ),
];

#[test]
fn talks_2018_09_10_two_speakers_from_one_company() {
    check_talks(F_2018_09, T_2018_09);
}

#[test]
fn talks_2018_12_12_offsets_in_title_links() {
    check_talks(F_2018_12, T_2018_12);
}

#[test]
fn talks_2019_04_03_honorific_dropped() {
    check_talks(F_2019_04, T_2019_04);
}

#[test]
fn talks_2019_05_01() {
    check_talks(F_2019_05, T_2019_05);
}

#[test]
fn talks_2019_07_03_mismatched_quotes() {
    check_talks(F_2019_07, T_2019_07);
}

#[test]
fn talks_2019_08_07_no_takeaways() {
    check_talks(F_2019_08, T_2019_08);
}

#[test]
fn talks_2019_10_01_first_names_resolved_from_intro() {
    check_talks(F_2019_10, T_2019_10);
}

#[test]
fn talks_2019_12_10_plain_text_offsets() {
    check_talks(F_2019_12, T_2019_12);
}

#[test]
fn talks_2020_01_08_first_names_with_company() {
    check_talks(F_2020_01, T_2020_01);
}

#[test]
fn talks_2020_02_05() {
    check_talks(F_2020_02, T_2020_02);
}

#[test]
fn talks_2020_04_08_linked_titles_with_offsets() {
    check_talks(F_2020_04, T_2020_04);
}

#[test]
fn talks_2020_07_01_no_offsets() {
    check_talks(F_2020_07, T_2020_07);
}

#[test]
fn talks_2020_09_01() {
    check_talks(F_2020_09, T_2020_09);
}

#[test]
fn talks_2020_10_07() {
    check_talks(F_2020_10, T_2020_10);
}

#[test]
fn talks_2020_11_04() {
    check_talks(F_2020_11, T_2020_11);
}

#[test]
fn talks_2021_01_06() {
    check_talks(F_2021_01, T_2021_01);
}

#[test]
fn talks_2021_02_03() {
    check_talks(F_2021_02, T_2021_02);
}

#[test]
fn talks_2021_04_07() {
    check_talks(F_2021_04, T_2021_04);
}

#[test]
fn talks_2021_05_12() {
    check_talks(F_2021_05, T_2021_05);
}

#[test]
fn talks_2021_07_07() {
    check_talks(F_2021_07, T_2021_07);
}

#[test]
fn talks_2021_08_04() {
    check_talks(F_2021_08, T_2021_08);
}

#[test]
fn talks_2021_09_01() {
    check_talks(F_2021_09, T_2021_09);
}

#[test]
fn talks_2021_12_01() {
    check_talks(F_2021_12, T_2021_12);
}

// ---------------------------------------------------------------------------------------------
// Sponsors of the roundup, and the next meetup the post announces.

/// The next meetup as announced: date, RSVP link, companies named as speaking.
struct Next {
    date: &'static str,
    rsvp_url: &'static str,
    companies: &'static [&'static str],
}

fn check_sponsors_and_next(file: &str, sponsors: &[(&str, &str)], next: Option<Next>) {
    let events = read(file);
    let event = roundup(file, &events);
    let actual: Vec<(String, Option<String>)> = event
        .sponsors
        .iter()
        .map(|s| (s.name.clone(), s.url.clone()))
        .collect();
    let expected: Vec<(String, Option<String>)> = sponsors
        .iter()
        .map(|(name, url)| (name.to_string(), Some(url.to_string())))
        .collect();
    assert_eq!(actual, expected, "{file}: sponsors (name, url) differ");

    let others: Vec<&Event> = events.iter().filter(|e| !std::ptr::eq(*e, event)).collect();
    let Some(next) = next else {
        assert!(
            others.is_empty(),
            "{file}: announces no next meetup, yet read {others:#?}"
        );
        return;
    };
    assert_eq!(
        others.len(),
        1,
        "{file}: expected exactly one next-meetup event besides the roundup, got {others:#?}"
    );
    let announced = others[0];
    assert_eq!(
        (
            announced.date.to_string(),
            announced.rsvp_url.clone(),
            announced.announced_companies.clone()
        ),
        (
            next.date.to_string(),
            Some(next.rsvp_url.to_string()),
            next.companies
                .iter()
                .map(|c| c.to_string())
                .collect::<Vec<_>>()
        ),
        "{file}: next meetup (date, rsvp_url, announced_companies) differs"
    );
    assert_eq!(announced.kind, Kind::Meetup, "{file}: next meetup kind");
    assert!(announced.talks.is_empty(), "{file}: next meetup has talks");
    assert_eq!(
        announced.sources,
        vec![file.to_string()],
        "{file}: next meetup sources"
    );
}

#[test]
fn sponsors_and_next_2018_09_10() {
    check_sponsors_and_next(
        F_2018_09,
        &[
            ("StorageOS", "https://storageos.com/"),
            ("Tecknuovo", "https://www.tecknuovo.com/"),
            ("Contino", "https://www.contino.io/"),
            ("Pusher", "https://pusher.com/"),
            ("Armakuni", "https://www.armakuni.com/"),
        ],
        Some(Next {
            date: "2018-10-09",
            rsvp_url: "https://www.meetup.com/Cloud-Native-London/events/253873072/",
            companies: &["Jetstack", "WSO2", "Exelerys"],
        }),
    );
}

#[test]
fn sponsors_and_next_2018_12_12() {
    check_sponsors_and_next(
        F_2018_12,
        &[
            ("StorageOS", "https://storageos.com/"),
            ("Tecknuovo", "https://www.tecknuovo.com/"),
            ("Contino", "https://www.contino.io/"),
            ("Pusher", "https://pusher.com/"),
        ],
        Some(Next {
            date: "2019-01-08",
            rsvp_url: "https://www.meetup.com/Cloud-Native-London/events/254553430/",
            companies: &["HashiCorp", "Elastic", "Contino"],
        }),
    );
}

#[test]
fn sponsors_and_next_2019_10_01_monday() {
    check_sponsors_and_next(
        F_2019_10,
        &[
            ("Tecknuovo", "https://www.tecknuovo.com/"),
            ("Contino", "https://www.contino.io/"),
            ("Pusher", "https://pusher.com/"),
            ("Humio", "https://humio.com/"),
            ("WSO2", "https://wso2.com/"),
            ("Intel", "http://intel.com"),
            ("xMatters", "https://www.xmatters.com/"),
        ],
        Some(Next {
            date: "2019-11-04",
            rsvp_url: "https://www.meetup.com/Cloud-Native-London/events/263169231/",
            companies: &["StorageOS", "Oracle", "Pusher"],
        }),
    );
}

#[test]
fn sponsors_and_next_2019_12_10() {
    check_sponsors_and_next(
        F_2019_12,
        &[
            ("Tecknuovo", "https://www.tecknuovo.com/"),
            ("Contino", "https://www.contino.io/"),
            ("Pusher", "https://pusher.com/"),
            ("Humio", "https://humio.com/"),
            ("xMatters", "https://www.xmatters.com/"),
            ("SUSE", "https://www.suse.com"),
            ("D2iQ", "https://d2iq.com"),
            ("Palo Alto Networks", "https://www.paloaltonetworks.com/"),
            ("OVH", "https://www.ovh.co.uk"),
        ],
        Some(Next {
            date: "2020-01-08",
            rsvp_url: "https://www.meetup.com/Cloud-Native-London/events/264726787/",
            companies: &["VMWare", "Esquimo", "WoTT"],
        }),
    );
}

#[test]
fn sponsors_and_next_2020_01_08() {
    check_sponsors_and_next(
        F_2020_01,
        &[
            ("Tecknuovo", "https://www.tecknuovo.com/"),
            ("Contino", "https://www.contino.io/"),
            ("Pusher", "https://pusher.com/"),
            ("Humio", "https://humio.com/"),
            ("xMatters", "https://www.xmatters.com/"),
            ("SUSE", "https://www.suse.com"),
            ("D2iQ", "https://d2iq.com"),
            ("Palo Alto Networks", "https://www.paloaltonetworks.com/"),
        ],
        Some(Next {
            date: "2020-02-05",
            rsvp_url: "https://www.meetup.com/Cloud-Native-London/events/264726846/",
            companies: &["Servian", "Agyla", "Contino"],
        }),
    );
}

#[test]
fn sponsors_and_next_2021_02_03() {
    check_sponsors_and_next(
        F_2021_02,
        &[
            ("Tecknuovo", "https://www.tecknuovo.com/"),
            ("Humio", "https://humio.com/"),
            ("Palo Alto Networks", "https://www.paloaltonetworks.com/"),
            ("CircleCI", "https://circleci.com/"),
            ("Redhat", "https://www.redhat.com/en"),
        ],
        Some(Next {
            date: "2021-03-03",
            rsvp_url: "https://www.meetup.com/Cloud-Native-London/events/274953657/",
            companies: &["StackRox", "Contino", "Vodafone"],
        }),
    );
}

#[test]
fn sponsors_and_no_next_2021_07_07() {
    check_sponsors_and_next(
        F_2021_07,
        &[
            ("Tecknuovo", "https://www.tecknuovo.com/"),
            ("Humio", "https://humio.com/"),
            ("Palo Alto Networks", "https://www.paloaltonetworks.com/"),
            ("CircleCI", "https://circleci.com/"),
            ("UMATR", "https://www.umatr.io/"),
            ("Netapp", "https://www.netapp.com/"),
        ],
        None,
    );
}

#[test]
fn sponsors_and_next_2021_12_01_into_next_year() {
    check_sponsors_and_next(
        F_2021_12,
        &[
            ("Humio", "https://humio.com/"),
            ("Palo Alto Networks", "https://www.paloaltonetworks.com/"),
            ("CircleCI", "https://circleci.com/"),
            ("Netapp", "https://www.netapp.com/"),
            ("Ondat", "https://www.ondat.io/"),
        ],
        Some(Next {
            date: "2022-01-05",
            rsvp_url: "https://www.meetup.com/Cloud-Native-London/events/276872320/",
            companies: &["Komodor", "Livecycle", "Pulumi"],
        }),
    );
}

// ---------------------------------------------------------------------------------------------
// Slides

fn check_slides(file: &str, expected: &[Option<&str>]) {
    let events = read(file);
    let event = roundup(file, &events);
    let actual: Vec<(String, Option<String>)> = event
        .talks
        .iter()
        .map(|t| (t.title.clone(), t.slides_url.clone()))
        .collect();
    let expected: Vec<Option<String>> = expected.iter().map(|u| u.map(str::to_string)).collect();
    assert_eq!(
        actual
            .iter()
            .map(|(_, url)| url.clone())
            .collect::<Vec<_>>(),
        expected,
        "{file}: slides per talk differ; talks read: {actual:#?}"
    );
}

#[test]
fn slides_2018_12_12_after_the_last_bullet() {
    check_slides(
        F_2018_12,
        &[
            Some(
                "https://docs.google.com/presentation/d/1nl0kG-jQ2M2BZvySbYwbUOrF9bd2EokNoA1r2XywTfM/edit",
            ),
            None,
            Some(
                "https://docs.google.com/presentation/d/1B-LtFa2766jbFFPwg5QgcQKwS2q8G_Jc4VK259fLA_o/edit?usp=sharing",
            ),
        ],
    );
}

#[test]
fn slides_2020_01_08_check_out_his_slides() {
    check_slides(
        F_2020_01,
        &[
            Some(
                "https://github.com/chris-milsted/CloudNativeLondonJanuary2020/blob/master/Rethinking%20Security%20from%20Scratch_%20The%20Case%20for%20Shifting%20Container%20Security%20from%20the%20Edge%20to%20the%20Core.pdf",
            ),
            None,
            Some("https://speakerdeck.com/vpetersson/the-devsecops-iceberg-at-cloud-native-london"),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// The whole dev corpus

/// Roundups named "cloud-native-london-<month>" that describe at least one talk with its
/// speaker, checked by reading each one.
const ROUNDUPS_WITH_TALKS: &[&str] = &[
    "2018-09-10-cloud-native-london-september-2018-financial-times-armakuni-and-sysdig.md",
    "2018-10-09-cloud-native-london-october-2018-jetstack-wso2-and-exelerys.md",
    "2018-11-07-cloud-native-london-november-2018-deepmind-health-grafana-labs-and-neo4j.md",
    "2018-12-12-cloud-native-london-december-2018-paybase-dneg-and-controlplane.md",
    "2019-01-08-cloud-native-london-january-2019-hashicorp-and-elastic.md",
    "2019-02-06-cloud-native-london-february-2019-conde-nast-international-student-com-and-cloudership.md",
    "2019-03-06-cloud-native-london-march-2019-controlplane-contino-and-sardina-systems.md",
    "2019-04-03-cloud-native-london-april-2019-component-soft-and-the-university-of-bristol.md",
    "2019-05-01-cloud-native-london-may-2019-microsoft-finimize-and-forgerock.md",
    "2019-06-05-cloud-native-london-june-2019-pivotal-mnemonic-and-alex-tasioulis.md",
    "2019-07-03-cloud-native-london-july-2019-Suade-Labs-SUSE-and-Dynatrace.md",
    "2019-08-07-cloud-native-london-august-2019-cloudability-and-jfrog.md",
    "2019-09-04-cloud-native-london-september-2019-conde-nast-international-influxdata-and-harness.md",
    "2019-10-01-cloud-native-london-october-2019-wso2-nationwide-building-society-and-intel.md",
    "2019-12-10-cloud-native-london-december-2019-d2iq-exelerys-and-palo-alto-networks.md",
    "2020-01-08-cloud-native-london-january-2020-VMWare-Ziglu-and-WoTT.md",
    "2020-02-05-cloud-native-london-february-2020-Servian-Agyla-and-Contino.md",
    "2020-03-04-cloud-native-london-march-2020-World-Wide-Technology-Cloud-Native-Technologies-and-VMWare.md",
    "2020-04-08-cloud-native-london-april-2020.md",
    "2020-05-06-cloud-native-london-may-2020.md",
    "2020-06-03-cloud-native-london-june-2020.md",
    "2020-07-01-cloud-native-london-july-2020.md",
    "2020-08-05-cloud-native-london-august-2020.md",
    "2020-09-01-cloud-native-london-september-2020.md",
    "2020-10-07-cloud-native-london-october-2020.md",
    "2020-11-04-cloud-native-london-november-2020.md",
    "2020-12-02-cloud-native-london-december-2020.md",
    "2021-01-06-cloud-native-london-january-2021.md",
    "2021-02-03-cloud-native-london-february-2021.md",
    "2021-03-03-cloud-native-london-march-2021.md",
    "2021-04-07-cloud-native-london-april-2021.md",
    "2021-05-12-cloud-native-london-may-2021.md",
    "2021-06-02-cloud-native-london-june-2021.md",
    "2021-07-07-cloud-native-london-july-2021.md",
    "2021-08-04-cloud-native-london-august-2021.md",
    "2021-09-01-cloud-native-london-september-2021.md",
    "2021-10-06-cloud-native-london-october-2021.md",
    "2021-11-03-cloud-native-london-november-2021.md",
    "2021-12-01-cloud-native-london-december-2021.md",
];

/// Files whose name matches "cloud-native-london-<month>" but that need not yield a talk.
const MONTH_NAMED_WITHOUT_REQUIRED_TALKS: &[&str] = &[
    // Free-form 2017 posts: speakers without talk titles.
    "2017-07-05-cloud-native-london-july-2017-red-hat-and-katacoda.md",
    "2017-08-01-cloud-native-london-august-2017-storageos-jetstack-and-docker.md",
    "2017-10-03-cloud-native-london-october-2017-monzo-and-linkerd.md",
    // Bullets of the author's own talk, not a roundup.
    "2019-01-08-crossing-the-chasm-cloud-native-london-january-2019.md",
];

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

fn month_named_roundup(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower.contains("cloud-native-london-") && MONTHS.iter().any(|m| lower.contains(m))
}

#[test]
fn whole_dev_corpus_reads_without_panic_and_every_roundup_has_talks() {
    let mut names: Vec<String> = fs::read_dir(DEV)
        .unwrap_or_else(|e| panic!("cannot list {DEV}: {e}"))
        .map(|entry| {
            entry
                .expect("dir entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    names.sort();
    assert!(names.len() > 100, "only {} files in {DEV}", names.len());

    for listed in ROUNDUPS_WITH_TALKS
        .iter()
        .chain(MONTH_NAMED_WITHOUT_REQUIRED_TALKS)
    {
        assert!(
            names.iter().any(|n| n == listed),
            "{listed} is not in {DEV}"
        );
    }
    let unclassified: Vec<&String> = names
        .iter()
        .filter(|n| month_named_roundup(n))
        .filter(|n| {
            !ROUNDUPS_WITH_TALKS.contains(&n.as_str())
                && !MONTH_NAMED_WITHOUT_REQUIRED_TALKS.contains(&n.as_str())
        })
        .collect();
    assert!(
        unclassified.is_empty(),
        "month-named roundups in neither list: {unclassified:#?}"
    );

    let mut panicked = Vec::new();
    let mut without_talks = Vec::new();
    for name in &names {
        let bytes = fs::read(format!("{DEV}{name}")).expect("read file");
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let outcome = panic::catch_unwind(|| read_post(name, &text));
        let Ok((events, _warnings)) = outcome else {
            panicked.push(name.clone());
            continue;
        };
        if ROUNDUPS_WITH_TALKS.contains(&name.as_str()) {
            let talks: usize = events
                .iter()
                .filter(|e| e.kind == Kind::Meetup)
                .map(|e| e.talks.len())
                .sum();
            if talks == 0 {
                without_talks.push(name.clone());
            }
        }
    }
    assert!(panicked.is_empty(), "read_post panicked on {panicked:#?}");
    assert!(
        without_talks.is_empty(),
        "roundups that describe talks but yielded none: {without_talks:#?}"
    );
}
