//! Text triage of reports: what a hotline operator would note on first reading a message.
//!
//! The labelled set it is measured on (`data/labelled/`, rules in `LABELLING.md`) comes first:
//! its held-out part was committed before any rule or model, and is never edited.
