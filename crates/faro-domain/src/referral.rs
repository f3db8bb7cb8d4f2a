//! Referrals: a case's person sent to a service at another organisation (on the instance or
//! not), with what the person consented to share. The rules here hold without IO: what each
//! part shared needs consent for, which consents are missing for a referral, who may take
//! which step from which status, and the subset of a person a referral carries.

use crate::case::person::{Birth, Person};
use crate::case::{ConsentPurpose, ConsentState, PartnerKind};
use crate::{Message, Vocabulary, refusal};

vocabulary! {
    /// Where the person is sent. A transfer moves the case's responsibility once accepted;
    /// an external referral goes to a provider not on Faro, whose answer the sender records.
    ReferralKind, "referral_kind" {
        Referral => ("referral", "referral", "Referral to an organisation on this instance"),
        Transfer => ("transfer", "transfer", "Transfer of the case to an organisation on this instance"),
        External => ("external", "external", "Referral to a provider not on Faro"),
    }
}

vocabulary! {
    /// Where a referral stands (Primero's transitions).
    ReferralStatus, "referral_status" {
        Pending => ("pending", "pending", "Sent, waiting for an answer"),
        MoreAsked => ("more_asked", "more_asked", "The receiver asked for more information"),
        Accepted => ("accepted", "accepted", "Accepted"),
        Rejected => ("rejected", "rejected", "Rejected"),
        Done => ("done", "done", "Done: the services were delivered"),
        Revoked => ("revoked", "revoked", "Revoked: withdrawn by the sender or by the person's consent"),
    }
}

vocabulary! {
    /// How soon the person needs the service.
    Urgency, "urgency" {
        Routine => ("routine", "routine", "Routine"),
        Soon => ("soon", "soon", "Within days"),
        Urgent => ("urgent", "urgent", "Urgent: today"),
    }
}

vocabulary! {
    /// A part of the case a referral may carry. The need and urgency always go.
    SharedPart, "shared_part" {
        Name => ("name", "name", "Names"),
        Age => ("age", "age", "Age"),
        Gender => ("gender", "gender", "Gender"),
        Languages => ("languages", "languages", "Languages"),
        Citizenship => ("citizenship", "citizenship", "Citizenship"),
        Contacts => ("contacts", "contacts", "Safe contact details"),
        Documents => ("documents", "documents", "Identity documents"),
        Assessment => ("assessment", "assessment", "Needs assessment"),
        SafetyPlan => ("safety_plan", "safety_plan", "Safety plan"),
    }
}

vocabulary! {
    /// Why a supervisor sends a referral the person did not consent to: a closed list.
    OverrideReason, "override_reason" {
        ImminentDanger => ("imminent_danger", "imminent_danger", "Imminent danger to the person"),
        MinorBestInterest => ("minor_best_interest", "minor_best_interest", "A minor's best interest"),
        LegalObligation => ("legal_obligation", "legal_obligation", "A legal obligation"),
    }
}

vocabulary! {
    /// Why a receiver turns a referral down.
    RejectReason, "reject_reason" {
        NoCapacity => ("no_capacity", "no_capacity", "No capacity now"),
        NotEligible => ("not_eligible", "not_eligible", "The person is not eligible"),
        NotOffered => ("not_offered", "not_offered", "The service is not offered"),
        OutsideArea => ("outside_area", "outside_area", "Outside the area served"),
        Other => ("other", "other", "Another reason, in the note"),
    }
}

vocabulary! {
    /// A step of a referral, by the sender or the receiver.
    ReferralAction, "referral_action" {
        Accept => ("accept", "accept", "Accept"),
        AskMore => ("ask_more", "ask_more", "Ask for more information"),
        Answer => ("answer", "answer", "Answer the question"),
        Reject => ("reject", "reject", "Reject"),
        Deliver => ("deliver", "deliver", "Record a service delivered"),
        Done => ("done", "done", "Mark done"),
        Withdraw => ("withdraw", "withdraw", "Withdraw"),
    }
}

impl SharedPart {
    /// Parts that identify the person: they need the consent to share identifying data on
    /// top of the referral consent.
    pub fn identifies(self) -> bool {
        matches!(
            self,
            SharedPart::Name | SharedPart::Contacts | SharedPart::Documents
        )
    }
}

/// A consent in force, as the check reads it: the newest of its purpose, not past its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentInForce {
    pub purpose: ConsentPurpose,
    pub state: ConsentState,
    /// For a referral consent: the kinds of organisation it covers (none named: every kind).
    pub partners: Vec<PartnerKind>,
}

/// What is missing for a referral to `kind` carrying `shared`, each as a refusal in words;
/// empty when the person's consents cover it.
pub fn consent_gaps(
    consents: &[ConsentInForce],
    kind: PartnerKind,
    shared: &[SharedPart],
) -> Vec<Message> {
    let given = |purpose| {
        consents
            .iter()
            .find(|c| c.purpose == purpose && c.state == ConsentState::Given)
    };
    let mut gaps = Vec::new();
    match given(ConsentPurpose::Referral) {
        None => gaps.push(Message::new(refusal::REFERRAL_NO_CONSENT)),
        Some(c) if !c.partners.is_empty() && !c.partners.contains(&kind) => {
            gaps.push(Message::new(refusal::REFERRAL_KIND_NOT_COVERED).with("kind", kind.code()))
        }
        Some(_) => {}
    }
    let identifying: Vec<&str> = shared
        .iter()
        .filter(|p| p.identifies())
        .map(|p| p.code())
        .collect();
    if !identifying.is_empty() && given(ConsentPurpose::ShareIdentity).is_none() {
        gaps.push(Message::new(refusal::REFERRAL_IDENTITY).with("parts", identifying.join(", ")));
    }
    gaps
}

/// Which side of a referral someone acts for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Sender,
    Receiver,
}

impl ReferralStatus {
    /// The status after `action` by `side` on a referral of `kind`, or why it may not be
    /// taken. An external provider answers through the sender, who records its steps.
    pub fn after(
        self,
        action: ReferralAction,
        side: Side,
        kind: ReferralKind,
    ) -> Result<ReferralStatus, Message> {
        use ReferralAction as A;
        use ReferralStatus as S;
        let receiver = side == Side::Receiver || kind == ReferralKind::External;
        let sender = side == Side::Sender;
        let next = match (self, action) {
            (S::Pending, A::Accept) if receiver => Some(S::Accepted),
            (S::Pending, A::AskMore) if receiver && kind != ReferralKind::External => {
                Some(S::MoreAsked)
            }
            (S::MoreAsked, A::Answer) if sender => Some(S::Pending),
            (S::Pending | S::MoreAsked, A::Reject) if receiver => Some(S::Rejected),
            (S::Accepted, A::Deliver) if receiver && kind != ReferralKind::Transfer => {
                Some(S::Accepted)
            }
            (S::Accepted, A::Done) if receiver && kind != ReferralKind::Transfer => Some(S::Done),
            (S::Pending | S::MoreAsked | S::Accepted, A::Withdraw)
                if sender && !(kind == ReferralKind::Transfer && self == S::Accepted) =>
            {
                Some(S::Revoked)
            }
            _ => None,
        };
        next.ok_or_else(|| {
            Message::new(refusal::REFERRAL_STEP)
                .with("action", action.code())
                .with("status", self.code())
        })
    }

    /// Still waiting for someone's step.
    pub fn is_open(self) -> bool {
        matches!(
            self,
            ReferralStatus::Pending | ReferralStatus::MoreAsked | ReferralStatus::Accepted
        )
    }
}

/// The person as a referral carries them: only the parts chosen, never a detail kept on a
/// need to know or a contact unsafe to use. Without the name, the
/// receiver reads `pseudonym` (a person always has a name to be called by in a case).
pub fn shared_person(person: &Person, shared: &[SharedPart], pseudonym: &str) -> Person {
    let has = |p| shared.contains(&p);
    Person {
        names: if has(SharedPart::Name) {
            person.names.clone()
        } else {
            vec![pseudonym.to_string()]
        },
        birth: has(SharedPart::Age).then_some(person.birth).flatten(),
        gender: has(SharedPart::Gender).then_some(person.gender).flatten(),
        citizenship: has(SharedPart::Citizenship)
            .then_some(person.citizenship)
            .flatten(),
        languages: if has(SharedPart::Languages) {
            person.languages.clone()
        } else {
            Vec::new()
        },
        // Only contacts safe to use leave the organisation, and nothing its own staff see only
        // on a need to know.
        contacts: if has(SharedPart::Contacts) {
            person
                .contacts
                .iter()
                .filter(|c| c.safe && !c.need_to_know)
                .cloned()
                .collect()
        } else {
            Vec::new()
        },
        documents: if has(SharedPart::Documents) {
            person
                .documents
                .iter()
                .filter(|d| !d.need_to_know)
                .cloned()
                .collect()
        } else {
            Vec::new()
        },
        circle: None,
        circle_need_to_know: false,
        withheld: 0,
    }
}

/// What a receiver keeps of a person when the consent a referral rested on is withdrawn
/// and its own consent does not cover them: a pseudonym, gender, languages and an age range,
/// nothing that finds the person.
pub fn without_identity(person: &Person, pseudonym: &str) -> Person {
    Person {
        names: vec![pseudonym.to_string()],
        birth: match person.birth {
            Some(Birth::Ages { min, max }) => Some(Birth::Ages { min, max }),
            _ => None,
        },
        gender: person.gender,
        languages: person.languages.clone(),
        ..Person::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::case::person::{Contact, ContactKind};
    use crate::vocab::Gender;

    fn consent(purpose: ConsentPurpose, partners: Vec<PartnerKind>) -> ConsentInForce {
        ConsentInForce {
            purpose,
            state: ConsentState::Given,
            partners,
        }
    }

    fn keys(gaps: &[Message]) -> Vec<&str> {
        gaps.iter().map(|m| m.key).collect()
    }

    #[test]
    fn a_referral_needs_consent_for_its_kind_and_identity_needs_its_own() {
        let shelter = PartnerKind::Shelter;
        assert_eq!(
            keys(&consent_gaps(&[], shelter, &[SharedPart::Age])),
            [refusal::REFERRAL_NO_CONSENT]
        );
        let legal_only = [consent(ConsentPurpose::Referral, vec![PartnerKind::Legal])];
        assert_eq!(
            keys(&consent_gaps(&legal_only, shelter, &[])),
            [refusal::REFERRAL_KIND_NOT_COVERED]
        );
        let any_kind = [consent(ConsentPurpose::Referral, vec![])];
        assert!(
            consent_gaps(
                &any_kind,
                shelter,
                &[SharedPart::Age, SharedPart::Assessment]
            )
            .is_empty()
        );
        assert_eq!(
            keys(&consent_gaps(&any_kind, shelter, &[SharedPart::Name])),
            [refusal::REFERRAL_IDENTITY]
        );
        let mut refused = consent(ConsentPurpose::ShareIdentity, vec![]);
        refused.state = ConsentState::Withdrawn;
        let with_refusal = [any_kind[0].clone(), refused];
        assert_eq!(
            keys(&consent_gaps(
                &with_refusal,
                shelter,
                &[SharedPart::Contacts]
            )),
            [refusal::REFERRAL_IDENTITY]
        );
        let both = [
            any_kind[0].clone(),
            consent(ConsentPurpose::ShareIdentity, vec![]),
        ];
        assert!(consent_gaps(&both, shelter, SharedPart::ALL).is_empty());
    }

    #[test]
    fn each_side_takes_only_its_own_steps() {
        use ReferralAction as A;
        use ReferralStatus as S;
        let k = ReferralKind::Referral;
        assert_eq!(
            S::Pending.after(A::Accept, Side::Receiver, k),
            Ok(S::Accepted)
        );
        assert!(S::Pending.after(A::Accept, Side::Sender, k).is_err());
        assert_eq!(
            S::Pending.after(A::AskMore, Side::Receiver, k),
            Ok(S::MoreAsked)
        );
        assert_eq!(
            S::MoreAsked.after(A::Answer, Side::Sender, k),
            Ok(S::Pending)
        );
        assert!(S::MoreAsked.after(A::Accept, Side::Receiver, k).is_err());
        assert_eq!(
            S::Accepted.after(A::Deliver, Side::Receiver, k),
            Ok(S::Accepted)
        );
        assert_eq!(S::Accepted.after(A::Done, Side::Receiver, k), Ok(S::Done));
        assert!(S::Done.after(A::Withdraw, Side::Sender, k).is_err());
        assert!(S::Rejected.after(A::Accept, Side::Receiver, k).is_err());
        assert_eq!(
            S::Accepted.after(A::Withdraw, Side::Sender, k),
            Ok(S::Revoked)
        );
        // An external provider's answer is recorded by the sender.
        let e = ReferralKind::External;
        assert_eq!(
            S::Pending.after(A::Accept, Side::Sender, e),
            Ok(S::Accepted)
        );
        assert_eq!(S::Accepted.after(A::Done, Side::Sender, e), Ok(S::Done));
        // A transfer accepted is the receiver's case: nothing left to withdraw or deliver.
        let t = ReferralKind::Transfer;
        assert!(S::Accepted.after(A::Withdraw, Side::Sender, t).is_err());
        assert!(S::Accepted.after(A::Done, Side::Receiver, t).is_err());
        assert_eq!(
            S::Pending.after(A::Withdraw, Side::Sender, t),
            Ok(S::Revoked)
        );
    }

    fn someone() -> Person {
        Person {
            names: vec!["Ana Pérez".into(), "Anita".into()],
            birth: Some(Birth::Ages { min: 20, max: 25 }),
            gender: Some(Gender::Female),
            languages: vec!["es".into()],
            contacts: vec![
                Contact {
                    kind: ContactKind::Phone,
                    value: "+34 600 000 001".into(),
                    safe: true,
                    need_to_know: false,
                },
                Contact {
                    kind: ContactKind::Phone,
                    value: "+34 600 000 002".into(),
                    safe: false,
                    need_to_know: false,
                },
            ],
            circle: Some("her brother in Seville".into()),
            ..Person::default()
        }
    }

    #[test]
    fn a_referral_carries_only_the_parts_chosen_and_never_an_unsafe_contact() {
        let p = someone();
        let none = shared_person(&p, &[], "Referral 7");
        assert_eq!(none.names, ["Referral 7"]);
        assert_eq!((none.birth, none.gender, none.circle), (None, None, None));
        let all = shared_person(&p, SharedPart::ALL, "Referral 7");
        assert_eq!(all.names, p.names);
        assert_eq!(all.contacts.len(), 1);
        assert!(all.contacts[0].safe);
        assert_eq!(all.circle, None);
        let kept = without_identity(&all, "Referral 7");
        assert_eq!(kept.names, ["Referral 7"]);
        assert!(kept.contacts.is_empty() && kept.documents.is_empty());
        assert_eq!(kept.gender, Some(Gender::Female));
    }
}
