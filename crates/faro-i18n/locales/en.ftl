# Faro: the words people read, in English.
# Every file in this folder is one language; every message in en.ftl must exist in each.


## Pages

language_name = English
title = Faro — trafficking case data hub
tagline = Human trafficking case data in the HTCDS/CTDC standard.
loaded = Loaded:
records = records
api = JSON API
api_hint = The API answers with an API token (create one on your account page) or while you are signed in.
attribution = CTDC data: Source: Counter-Trafficking Data Collaborative (CTDC), ctdatacollaborative.org
not_found_title = Page not found
not_found_text = There is no page at this address. It may have been mistyped, or the page has moved.
not_found_report = Report something you saw
home = Home
account = Account
admin = Administration
audit = Audit log
sign_in = Sign in
sign_out = Sign out
sign_in_intro = Staff of member organisations sign in here. To report a situation of trafficking you need no account.
email = E-mail
password = Password
code = Code from your authenticator app (if you set up two-factor sign-in)
sign_in_failed = The e-mail, password or code is not right, or the account is disabled.
throttled = Too many failed sign-ins. Wait a few minutes and try again.
signed_in_as = Signed in as
organisation = Organisation
role = Role
set_password = Set your password
set_password_intro = At least 12 characters. A few words you can remember make a good password.
password_again = Password again
passwords_differ = The two passwords are not the same.
password_short = The password needs at least 12 characters (and at most 256).
password_set = Your password is set, and every earlier session has ended. You can sign in now.
link_invalid = This link is not valid: it was used already, it expired (links last 24 hours), or a newer one was made. Ask an administrator of your organisation for a new link.
save = Save
two_factor = Two-factor sign-in
two_factor_on = On: signing in asks for a code from your authenticator app.
two_factor_off = Off. Turn it on so that a stolen password is not enough to sign in.
two_factor_start = Set up two-factor sign-in
two_factor_secret = Add this key to your authenticator app (or open the link on the phone), then type the code it shows.
two_factor_confirm = Turn on
two_factor_done = Two-factor sign-in is on.
code_wrong = That is not the current code of the authenticator app. Check the phone's clock and try again.
tokens = API tokens
tokens_intro = A token lets a program use the JSON API as you, with a role no wider than yours. It is shown once.
token_name = Name (what it is for)
token_days = Valid for (days, 1–365)
token_create = Create token
token_created = Your new token, shown only now: copy it to where it is used.
token_days_invalid = Give a whole number of days from 1 to 365.
role_invalid = Choose one of the listed roles.
name_invalid = Give a name of 1 to 100 characters.
revoke = Revoke
revoked = revoked
expires = Expires
created = Created
user = User
none = None yet.
sign_out_everywhere = Sign out on every device
sign_out_everywhere_intro = Ends every session of your account, this one included (for a lost or shared device).
users = Users
user_create = Add a user
user_created = The user exists. Send them this one-time link to set their password (valid 24 hours):
password_link = Password link
link_guessed = This link starts with the address you reached this page at: check that it is the one your colleague will use (start Faro with --public-url to set it once).
password_link_made = One-time link to set a new password (valid 24 hours; earlier links stop working):
disable = Disable
role_change = Change role
two_factor_reset = Turn off two-factor (lost phone)
disabled = disabled
active = active
email_invalid = Give an e-mail address such as name@example.org.
email_taken = This e-mail cannot be given to a new account: e-mails are unique on this Faro instance.
status = Status
when = When
actor = Who
action = Action
detail = Detail
older = Older entries
audit_intro = Every sign-in, failed sign-in, record read, change, export, token and user change of your organisation, newest first. Each entry is chained to the one before it, so `faro admin audit verify` finds any change.
forbidden = Your role may not open this page.
csrf = This form has expired or did not come from this site. Go back, reload the page and send it again.
error = Something went wrong
internal = An internal error occurred; it has been logged. Try again shortly.
back = Back
skip_to_content = Skip to content
language = Language
sections = Sections
not_found = This page or item does not exist, or your organisation cannot see it.
too_large = What you sent is too large. Send less at once, or a smaller file.
next_title = What you can do
next_admin = Add people to your organisation, give them roles, and send them links to set their passwords.
next_audit = See who signed in, read records or changed anything in your organisation.
next_records_link = Records (JSON API)
next_records = Read and filter your organisation’s records; every read is audited.
next_aggregates_link = Counts (JSON API)
next_aggregates = Count records by year, country, form of exploitation and more.
next_account = Turn on two-factor sign-in, or create an API token for a program.
about = about
too_few = too few to show
controlled_note = To protect the people behind the data, the counts you see are computed from a release with random noise (about ±25 people in 95 of 100 counts; more for means of control and over many years), and counts below 11, or too small to tell from the noise, are not shown.
busy = Faro is busy checking other sign-ins. Wait a second and send the form again.
busy_photos = Faro is busy with other people's photos right now, and nothing was sent. Go back, wait a few seconds and send the form again.

## API messages (the words of `{"error": {"message": …}}`)

api-unauthenticated = send an API token as `Authorization: Bearer faro_…` (create one on your account page or with `faro admin token create`), or sign in at `/sign-in`
api-csrf-header = a signed-in browser must send the page's CSRF token in `{ $header }`
api-role-forbidden = the role `{ $role }` may not use this route
api-unavailable = the database cannot be reached; try again shortly
api-internal = an internal error occurred; it has been logged
api-no-such-path = there is nothing at `{ $path }` (the API is under `/api/v1`; see `/api/v1/openapi.json`)
api-method-not-allowed = this path does not accept that method (see `/api/v1/openapi.json`)
api-duplicate-parameter = `{ $name }` is given more than once: give one comma-separated list instead
api-unknown-parameter = `{ $name }` is not a parameter of this endpoint (accepted: { $accepted })
api-missing-by = `by` is required: name one to three dimensions, e.g. `by=year,gender`
api-invalid-scope = `{ $value }` is not a scope: give `own` or `hub`
api-too-narrow = this query combines { $dimensions } dimensions (group-by and filters together, years included; `source` is free); readers who may not read the records get at most { $limit }, so that no one can be singled out: drop a dimension
api-one-value-at-a-time = `{ $dimension }` holds several values per record: readers who may not read the records may filter it by one value at a time, and not group by it at once; keep one value or drop the filter
api-invalid-limit = `{ $value }` is not a whole number (give 1 to { $max })
api-limit-range = `{ $value }` is out of range (give 1 to { $max })
api-invalid-cursor = `{ $value }` is not a cursor: pass the `next_cursor` of the previous page unchanged
api-invalid-id = `{ $value }` is not a record id (a whole number)
api-invalid-note-body = send `Content-Type: application/json` and a JSON object with a `text` field ({ $detail })

## Problems with a value (faro-domain, faro-formats): each is read after the value it is about
problem-empty-filter = is empty (give one or more comma-separated values, or leave the filter out)
problem-too-many-values = gives { $count } values; at most { $max } are accepted (every country fits; give years as a range such as `2000..2010`)
problem-not-a-code = is not a `{ $dimension }` code (expected one of { $expected }, or `unknown`)
problem-not-a-source = is not a source id (a positive whole number)
problem-not-a-year-range = is not a year or a range like `2015..2018`
problem-given-twice = is given twice (give one comma-separated list instead)
problem-not-a-dimension = is not a dimension (expected one of { $expected })
problem-dimension-twice = is given twice
problem-too-many-dimensions = names more than 3 dimensions (group by at most 3 at once)
problem-withdrawn-country = is a withdrawn country code ({ $name }, withdrawn in { $year }{ $now ->
    [none] {""}
   *[other] , now `{ $now }`
})
problem-not-alpha2 = is not an ISO 3166-1 alpha-2 country code (e.g. `US`, `MX`)
problem-not-alpha3 = is not an ISO 3166-1 alpha-3 country code (e.g. `USA`, `MEX`)
problem-year-out-of-range = is out of range (expected a year from { $first } to { $last })
problem-not-a-year = is not a year (expected a 4-digit year such as `2016`)
problem-not-a-flag = is not a flag (expected `1`, `0`, or empty or `-99` for unknown)
problem-not-a-term = is not a value of this column (expected { $expected }, or empty or `-99` for unknown)
problem-not-a-recruiter = names `{ $item }`, which is not a recruiter relationship (expected `Intimate Partner`, `Friend`, `Family`, `Other` or `Unknown`, `;`-separated)
problem-majority-contradicts-age = contradicts ageBroad `{ $age }` (both describe the age at registration)
problem-means-contradict = contradicts the fine means-of-control flags of this group, which give `{ $derived }`
problem-not-an-email = is not an e-mail address such as `name@example.org`
problem-password-too-short = is { $chars } characters long; use at least { $min } (a few words make a good one)
problem-password-too-long = is longer than { $max } characters
problem-token-name = give a name of 1 to { $max } characters without control or text-direction characters
problem-case-step = a case cannot move from “{ $from }” to “{ $to }”: new → assessment → plan → services → closed, and a closed case reopens into assessment
problem-case-self-approval = a step is approved by a supervisor who neither manages the case nor asked for the step: ask another supervisor
problem-case-text = write at most { $max } characters, without control or text-direction characters
problem-case-names = give the name the person uses, then up to { $max } names in all
problem-case-ages = give an age range whose lower end is not above its upper end, both between 0 and 120
problem-case-details = give at most { $max } contact details and { $max } documents
problem-not-a-date = is not a date written as YYYY-MM-DD, such as 2026-03-31
problem-case-plan-empty = write at least one section of the plan
problem-not-a-language = is not a two-letter ISO 639-1 language code, such as `es`
problem-not-utf8 = is not valid UTF-8 (save the file as UTF-8)
problem-cell-count = the row has { $cells } cells but the header has { $columns } (look for a missing or extra delimiter, or an unclosed quote)
problem-json-incomplete = is not a complete JSON object (the line ends too early)
problem-json-not-object = is not a JSON object (each line must be one `{"{"}...{"}"}`)
problem-json-invalid = is not valid JSON (error at character { $column })
problem-not-a-field = is not a CTDC field (see `specs/ctdc.md` for the field names)
problem-json-value-kind = is not a text, number, boolean or null
problem-line-too-long = the line is longer than { $max }

## A rejected input row
row-line = line { $line }
row-column = column `{ $column }`

## The command line: faro import
cli-import-summary = imported `{ $file }` as source { $source }: { $read } rows read, { $imported } imported, { $rejected } rejected
cli-import-mismatches = { $count } rows have derived columns that disagree with their flags (the flags were kept)
cli-import-skipped = skipped `{ $file }`: the same file is already imported as source { $source } ({ $rows } rows)
cli-import-errors-in = the rejected rows are listed in `{ $path }`
cli-import-more = ... { $count } more rejected rows: list them all with `--errors PATH`
cli-import-rejected = rejected: `{ $file }` { $row }
cli-import-absent = note: `{ $file }` ({ $layout }) lacks { $count } column(s) of its layout; their facts are unknown in every row: { $columns }
cli-nothing-imported = nothing imported: { $why }
cli-import-io = cannot read `{ $file }`: { $reason }
cli-import-empty = `{ $file }` is empty: it has no header row
cli-import-missing-columns = `{ $file }` lacks the required column(s) { $columns }: add them (their cells may be empty for unknown)
cli-import-unknown-columns = `{ $file }` has column(s) { $columns } that belong to no CTDC layout: rename them to their CTDC names, or skip them with `--ignore-column NAME` (once per column)
cli-import-duplicate-column = `{ $file }` has the column `{ $name }` twice: remove one of them
cli-import-broken = `{ $file }`, line { $line }: the file cannot be read further: { $reason }

## Store refusals
store-not-found = { $kind ->
    [record] Record
    [report] Report
    [source] Source
    [token] Token
    [active-token] Active token
    [organisation] Organisation
    [release] Release
    [release-file] Release file
    [attachment] Photo
   *[other] { $kind }
} { $id } does not exist
store-unknown-name = there is no user `{ $name }`
store-organisation-exists = an organisation named `{ $name }` already exists
store-email-taken = an account with this e-mail already exists (e-mails are unique on the instance)
store-note-length = a note holds 1 to { $max } characters; this one has { $chars }
store-not-a-duplicate = `{ $of }` is not another report of this organisation; give the number of the report this one repeats
store-not-an-assignee = a report can only be given to an active operator or admin of its organisation
store-report-still-open = the report is still open; only a finished report can be reopened
store-report-no-contact = the reporter asked not to be contacted through this site; add a note instead
store-report-finished = the report is finished (duplicate, promoted or closed); reopen it first
store-report-in-review = the report is already in review
store-settings-limits = give at most { $max } addresses and a retention of at least one day
store-two-factor-on = two-factor sign-in is already on for this account
store-two-factor-not-started = start setting up two-factor sign-in first
store-two-factor-wrong-code = this is not the current 6-digit code of the authenticator app (check the phone's clock)
store-forbidden = this account may not { $action ->
    [act_on_reports] act on reports
    [administer] administer this organisation
    [apply_retention] apply the retention of reports (only the instance operator may)
    [share_source] change the sharing of this source
    [own_role] change their own role (another admin can)
    [see_staff] see the staff of another organisation
    [count_reports] count reports
    [token_wider] create a token with more rights than its user
    [create_organisation] create organisations (the instance operator does)
    [token_disabled] create tokens while disabled
    [delete_data] delete this organisation's data (its admins or the instance operator do)
    [disable_self] disable their own account (another admin can)
    [import] import into this organisation
    [publish] publish this organisation's data
    [read_records] read individual records
    [read_inbox] read the reports inbox
    [remove_abandoned] remove abandoned imports (the instance operator does)
    [remove_default] remove the default organisation (it holds the instance's own imports)
    [rotate_key] rotate the data key (only the instance operator may)
    [phone_report] take a report by phone for this organisation
    [cancel] cancel work another member started (an admin can)
    [job] start background work (only members of an organisation can)
   *[other] do this
}
store-budget = this release would spend ε = { $asked } of the organisation's privacy budget, of which { $spent } of { $budget } is already spent: ask for at most ε = { $left }, or ask the instance operator to raise `[publish] epsilon_per_organisation`

## Audit actions: `audit-<action>` with `.` as `-`

audit-aggregate-controlled = Counts asked (controlled)
audit-backup = Backup taken
audit-case-assign = Case assigned or transferred
audit-case-consent = Consent recorded
audit-case-decide = Case step decided
audit-case-erase = Case erased
audit-case-open = Case opened
audit-case-plan = Case plan saved
audit-case-read = Cases read
audit-case-read_refused = Case read refused
audit-case-search = Cases searched
audit-case-service = Case service saved
audit-case-step = Case step taken or asked for
audit-case-task = Case task saved
audit-case-update = Case person changed
audit-team-create = Team created
audit-team-member = Team member changed
audit-export = Export
audit-import = Import
audit-job-start = Background work started
audit-job-end = Background work ended
audit-key-rotate = Data key replaced
audit-note-create = Note written
audit-notes-read = Notes read
audit-intake-chain_opened = Intake chain opened
audit-organisation-chain_opened = Audit chain opened
audit-organisation-create = Organisation created
audit-record-erase = Record erased
audit-records-read = Records read
audit-records-read_refused = Record read refused
audit-sign_in = Signed in
audit-sign_in-failed = Failed sign-in
audit-sign_out = Signed out
audit-sign_out-everywhere = Signed out everywhere
audit-source-delete = Source deleted
audit-source-remove_abandoned = Abandoned imports removed
audit-source-share = Source sharing changed
audit-statistics-release = Statistics released (differential privacy)
audit-token-create = API token created
audit-token-revoke = API token revoked
audit-user-create = User added
audit-user-disable = User disabled
audit-user-password_link = Password link made
audit-user-password_set = Password set
audit-user-display_name = Display name changed
audit-user-role = Role changed
audit-user-two_factor_off = Two-factor sign-in turned off
audit-user-two_factor_on = Two-factor sign-in turned on

## Vocabularies: one message per term, `<vocabulary>-<code>`

gender-female = Female
gender-male = Male
gender-transgender = Transgender or non-conforming
age-0_8 = 0–8
age-9_17 = 9–17
age-18_20 = 18–20
age-21_23 = 21–23
age-24_26 = 24–26
age-27_29 = 27–29
age-30_38 = 30–38
age-39_47 = 39–47
age-48_plus = 48 and over
majority-adult = Adult
majority-minor = Minor
datasource-case_management = Case management
datasource-hotline = Hotline
traffick_months-0_12 = Up to 12 months
traffick_months-13_24 = 13 to 24 months
traffick_months-25_plus = 25 months or more
exploitation-forced_labour = Forced labour
exploitation-sexual_exploitation = Sexual exploitation
exploitation-other_exploitation = Other exploitation
exploitation-sex_and_labour = Sexual exploitation and forced labour
exploitation-forced_marriage = Forced marriage
exploitation-forced_military = Forced military service
exploitation-organ_removal = Organ removal
exploitation-slavery_and_practices = Slavery and similar practices
labour-agriculture = Agriculture
labour-aquafarming = Aquafarming
labour-begging = Begging
labour-construction = Construction
labour-domestic_work = Domestic work
labour-hospitality = Hospitality
labour-illicit_activities = Illicit activities
labour-manufacturing = Manufacturing
labour-mining_or_drilling = Mining or drilling
labour-peddling = Peddling
labour-transportation = Transportation
labour-other = Other
labour-not_specified = Not specified
sex-prostitution = Prostitution
sex-pornography = Pornography
sex-remote_interactive_services = Remote interactive services
sex-private_sexual_services = Private sexual services
means_detail-debt_bondage = Debt bondage
means_detail-takes_earnings = Takes earnings
means_detail-restricts_financial_access = Restricts financial access
means_detail-threats = Threats
means_detail-psychological_abuse = Psychological abuse
means_detail-physical_abuse = Physical abuse
means_detail-sexual_abuse = Sexual abuse
means_detail-false_promises = False promises
means_detail-psychoactive_substances = Psychoactive substances
means_detail-restricts_movement = Restricts movement
means_detail-restricts_medical_care = Restricts medical care
means_detail-excessive_working_hours = Excessive working hours
means_detail-uses_children = Uses children
means_detail-threat_of_law_enforcement = Threat of law enforcement
means_detail-withholds_necessities = Withholds necessities
means_detail-withholds_documents = Withholds documents
means_detail-other = Other
means_detail-not_specified = Not specified
means-debt_bondage_earnings = Debt bondage or takes earnings
means-threats = Threats
means-abuse = Psychological, physical or sexual abuse
means-false_promises = False promises
means-drugs_alcohol = Drugs or alcohol
means-deny_basic_needs = Denies basic needs
means-excessive_work_hours = Excessive working hours
means-withhold_docs = Withholds documents
recruiter-intimate_partner = Intimate partner
recruiter-friend = Friend
recruiter-family = Family
recruiter-other = Other
recruiter-unknown_relation = Relationship recorded as unknown
modality-sexual_exploitation = Sexual exploitation
modality-forced_labour = Forced labour
modality-domestic_servitude = Domestic servitude
modality-forced_criminality = Forced criminality
modality-forced_marriage = Forced marriage
modality-forced_begging = Forced begging
modality-illegal_adoption = Illegal adoption
modality-organ_removal = Organ removal
modality-other = Other (forced military service, slavery and similar practices, other)
role-admin = Administrator
role-analyst = Analyst
role-operator = Hotline operator
role-caseworker = Case worker
role-viewer = Viewer (aggregates only)

## Reports: the public pages, the inbox, their vocabularies and audit actions
audit-report-ask = Question to a reporter
audit-report-attachment = Report photo opened
audit-report-close = Report closed
audit-report-codes = Report coded
audit-report-delete = Closed reports deleted
audit-report-duplicate = Report marked duplicate
audit-report-message = Reporter's message
audit-report-note = Note on a report
audit-report-assign = Report assigned
audit-report-promote = Report made a record
audit-report-read = Report read
audit-report-reopen = Report reopened
audit-report-reply = Reply to a reporter
audit-report-review = Report taken into review
audit-report-submit = Report received
audit-reports-list = Reports listed
channel-chat = Chat
channel-phone = Hotline call
channel-sms = Text message
channel-web = Web form
emergency-ambulance = Ambulance
emergency-emergency = Emergency services
emergency-hotline = Trafficking hotline
emergency-police = Police
photo-not_an_image = Photos: one file is not a picture we can read. Send JPEG, PNG, WebP or GIF pictures only.
photo-too_large = Photos: one picture is larger than { $megabytes } MB. Send a smaller one.
photo-too_many = Photos: send at most { $max } pictures at a time.
photo-too_many_pixels = Photos: one picture has more than { $megapixels } megapixels. Send a smaller one.
report-answer_stored = Your answer is stored. Thank you.
report-broken_form = The form arrived incomplete. Please send it again.
report-contact_hint = Only if you chose phone or e-mail. We use it only to reach you about this report.
report-danger_no = No, not right now
report-danger_question = Is someone in danger right now?
report-danger_yes = Yes, someone is in danger now
report-emergency_after = If someone is in danger right now, call one of these numbers now. Your report is stored.
report-receipt_later = Later, see the team's answers or add information with this code
report-answer_kept = What you typed as an answer is kept: it is sent once the code opens your report.
report-emergency_intro = If someone is in danger right now, call one of these numbers first. Then tell us what happened below.
report-emergency_title = Call for help now
report-exit = Leave this site quickly
report-field-ages = How old are they?
report-field-code = Receipt code
report-field-contact = May we contact you?
report-field-contact_detail = Phone number or e-mail address
report-field-country = Country
report-field-genders = Who are they?
report-field-lat = Latitude
report-field-lon = Longitude
report-field-people = How many people, roughly?
report-field-photos = Photos (optional)
report-field-place = Place
report-field-signs = Did you notice any of these?
report-field-text = Your answer or more information
report-field-what = What happened
report-field-when = When did it happen?
report-follow_up_intro = Type the 16-digit receipt code you were given when you sent your report.
report-follow_up_link = Already reported? Follow up with your receipt code
report-follow_up_title = Follow up your report
report-form_intro = Only the first question is needed. Answer what you know and leave the rest.
report-from_staff = The team
report-from_you = You
report-gender-female = Women or girls
report-gender-male = Men or boys
report-gender-transgender = Transgender or non-binary people
report-intro = You do not need an account and you do not have to give your name. What you tell us goes to a team that helps people who are exploited.
report-needs_answer = The team has a question for you: please answer below.
report-not_multipart = The report was not sent as a form. Please send it again from the report page.
report-not_sure = I am not sure
report-open = Open my report
report-photos_hint = Up to { $max } pictures of { $megabytes } MB each. We remove the location and every other hidden detail from them.
report-photos_sent = { $count ->
    [one] { $count } photo sent
   *[other] { $count } photos sent
}
report-place_hint = A town, a street, a business or a landmark.
report-problem-control_character = { $field }: this holds characters that cannot be sent. Please type the text again.
report-problem-missing = { $field }: please fill this in.
report-problem-not_a_choice = { $field }: choose one of the answers offered.
report-problem-out_of_range = { $field }: give a whole number from { $min } to { $max }.
report-problem-too_long = { $field }: this holds at most { $max } characters and you wrote { $chars }. Please shorten it.
report-problems = Please check what is marked below; nothing you typed is lost.
report-receipt_code = Your receipt code:
report-receipt_keep = Keep this code somewhere safe, like a phone number. With it you can see answers and questions from the team and add information. We cannot show it to you again.
report-receipt_shape = A receipt code has 16 digits, like 1234 5678 9012 3456. Check the code and type it again.
report-receipt_stored = Thank you. Your report is stored safely and a team will read it.
report-receipt_throttled = Too many wrong codes were tried. Please wait a few minutes and try again.
report-receipt_title = Your report is stored
report-receipt_unknown = No report has this receipt code. Check each digit and try again.
report-required = (needed)
report-safety_exit = The “Leave this site quickly” button at the top opens an ordinary website at once.
report-safety_nothing_kept = We keep no address, no device details and no cookie that could identify you.
report-safety_private = Use a private or incognito window, so that this site does not stay in the browser's history.
report-safety_shared = If others use this phone or computer, report from another device if you can.
report-safety_title = Stay safe while you report
report-send = Send the report
report-send_answer = Send
report-signs_hint = Tick what you noticed, if anything.
report-status = Status
report-title = Report a situation of trafficking
report-too_many_parts = The form sent too many fields. Please send it again from the report page.
report-what_hint = What did you see or hear? Who was there, what were they made to do?
report-where = Where did it happen?
report-who = Who is affected?
report_age-adults = Adults
report_age-children = Children (under 18)
report_contact-email = By e-mail
report_contact-follow_up = Through this site, with my receipt code
report_contact-none = Do not contact me
report_contact-phone = By phone
report_sign-cannot_leave = They cannot leave or move freely
report_sign-deceived = They were promised a different job or life
report_sign-deprived = They get too little food, sleep or care
report_sign-documents_taken = Their passport or papers were taken
report_sign-forced_marriage = Someone is made to marry
report_sign-forced_sex = They are made to sell sex
report_sign-forced_work = They are made to work
report_sign-hurt = They are beaten or hurt
report_sign-long_hours = They work very long hours
report_sign-not_paid = They are not paid, or their pay is taken
report_sign-owes_debt = They owe a debt that never ends
report_sign-threatened = They or their family are threatened
report_status-closed = Closed
report_status-duplicate = Duplicate
report_status-in_review = In review
report_status-needs_information = Waiting for information
report_status-new = New
report_status-promoted = Made a record
report_when-earlier = More than a year ago
report_when-ongoing = It is happening now
report_when-past_month = In the last month
report_when-past_week = In the last week
report_when-past_year = In the last year

## API messages of the reports inbox
api-not-a-choice = `{ $value }` is not a value of `{ $name }` (accepted: { $accepted })

## The reports inbox
inbox = Reports inbox
inbox-assignee = Assigned to
inbox-nobody = Nobody
inbox-assign = Assign
inbox-assign_to = Give this report to
inbox-done-assign = The report is assigned.
inbox-bad_assignee = A report can only be given to an active operator or admin of your organisation. Choose one from the list.
inbox-duplicate = Mark as duplicates
inbox-bulk = With the ticked reports
inbox-bulk_choose = Choose report
inbox-bulk_assignee = Assign to
inbox-bulk_reason = Reason for closing
inbox-bulk_of = Duplicates of report number
inbox-bulk_apply = Apply to the chosen reports
inbox-bulk_none = Tick at least one report in the list first.
inbox-bulk_too_many = Choose at most 50 reports at a time.
inbox-bulk_changed = { $count ->
    [one] One report changed.
   *[other] { $count } reports changed.
}
inbox-bulk_unchanged = Not changed: { $ids } (open each to see why; a closed report must be reopened first).
inbox-act = Act on this report
inbox-action_not_allowed = The report's state does not allow this: a finished report must be reopened first, a report already in review cannot be taken again, and a reporter who asked not to be contacted gets no message (add a note instead).
inbox-add_note = Add a staff note
inbox-any = Any
inbox-apply = Apply
inbox-ask = Ask the reporter
inbox-bad_codes = One of the codes or the country is not valid. Choose them again from the lists.
inbox-bad_filter = A filter of the inbox is not valid. Choose the filters again from the inbox's form.
inbox-caller_danger = Someone is in danger right now
inbox-channel = Channel
inbox-close = Close the report
inbox-close_reason = Why it is closed
inbox-codes = HTCDS codes and country
inbox-conversation = Conversation
inbox-done-ask = Your question is sent; the report waits for information.
inbox-done-close = The report is closed.
inbox-done-codes = The codes are saved.
inbox-done-duplicate = The report is marked as a duplicate.
inbox-done-note = The note is added.
inbox-done-promote = The report is now a record of your intake source.
inbox-done-reopen = The report is open again.
inbox-done-reply = Your reply is sent.
inbox-done-review = The report is in review.
inbox-duplicate_number = Number of the report this one repeats
inbox-duplicate_of = Duplicate of
inbox-duplicate_unknown = Give the number of another report of your organisation, such as 12.
inbox-empty = No report matches these filters.
inbox-filters = Filters
inbox-finish = Promote, mark as duplicate or close
inbox-intro = Every report from every channel: the web form, hotline calls, text messages and chat. Urgent reports come first.
inbox-mark_duplicate = Mark as duplicate
inbox-means = Means of control
inbox-message = Message
inbox-message_hint = A reply or a question goes to the reporter (in their language, if you can); a note stays with staff.
inbox-modality = Type of exploitation
inbox-new = Take a call
inbox-new_intro = Fill this in while you talk to the caller. Ask what a hotline asks; leave out what they do not know.
inbox-next = Next
inbox-not_urgent = Not urgent
inbox-note = Staff note
inbox-number = Number
inbox-pages = Pages
inbox-photo = Photo
inbox-point = Point on the map
inbox-previous = Previous
inbox-promote = Make a record of it
inbox-promote_hint = Makes a record (for statistics) of the organisation's intake source from this report's codes, country, ages and genders. The conversation goes on.
inbox-promoted_to = Made record
inbox-read_receipt = Read this receipt code to the caller, so they can follow up on the web:
inbox-reason_needed = Say why the report is closed (at most 500 characters).
inbox-received = Received
inbox-reopen = Reopen
inbox-reply = Reply to the reporter
inbox-report = Report
inbox-reporter = Reporter
inbox-review = Take into review
inbox-save_call = Save the call's report
inbox-save_codes = Save the codes
inbox-shown = Reports { $first }–{ $last } of { $total }
inbox-taken = The call's report is stored:
inbox-text_needed = Write the message first (at most 5,000 characters).
inbox-unknown_action = This action is not one the inbox offers.
inbox-urgency = Urgency
inbox-urgent = Urgent

## The reports inbox: a report's facts
inbox-ages = Ages
inbox-contact = Contact
inbox-contact_detail = Phone or e-mail
inbox-genders = Genders
inbox-people = People
inbox-signs = Signs noticed
inbox-when = When

## API messages: body size
api-too-large = the request body is larger than { $max } MiB: send less at once

## Reports: a form sent twice
report-already_sent = This form was already sent, and the report is stored. If you did not see a receipt code, open the report page again and send a new report.

## API messages: numbers
api-number-range = `{ $value }` is not a whole number from { $min } to { $max }

## SMS and chat gateways, urgent notices
inbox-done-ask_sent = Your question is sent to the reporter's phone; the report waits for information.
inbox-done-not_relayed = Your message is stored, but the SMS gateway did not take it: the reporter has not received it. Try again later or reach them another way.
inbox-done-reply_sent = Your reply is sent to the reporter's phone.
notify-body = An urgent report arrived: someone may be in danger now. Sign in to read it in the inbox.
notify-subject = Faro: an urgent report arrived
sms-added = Thank you, we added this to your report.
sms-bad-signature = the request's signature does not match this channel's secret: check the gateway's webhook URL and secret
sms-invalid-body = send a JSON object with `id` (the message's id, 1 to 128 characters), `sent_at` (Unix seconds), `from` and `text` (strings), and nothing else
sms-invalid-sender = the sender is not a phone number in E.164 form (`+` and 6 to 20 digits) or a chat handle
sms-no-message-id = a Twilio message without `MessageSid`: Faro needs it to tell a new message from one sent again
sms-invalid-text = the message must hold 1 to 5,000 characters of text
sms-received = Thank you. Your report is stored and a team will read it. Reply to this number to add anything.
sms-stale-message = the message's `sent_at` is more than five minutes from this server's clock: a delayed or replayed message is refused; check both clocks
sms-unknown-channel = there is no SMS or chat channel of this name: check `[[reports.sms]]` in the settings

## The reports inbox: places
inbox-city = City
inbox-city_hint = A city of 15,000 people or more puts the report on the map at the city's centre (GeoNames, offline). Leave it empty to keep the report's point.
inbox-city_unknown = No city of that name is known in the chosen country. Check the spelling, choose the country, or leave the city empty.

## Home: reporting and the inbox
home_report_intro = Saw or heard of someone being exploited? Tell us, without an account and without giving your name.
home_report_link = Report a situation
home_staff = Staff
next_call = Fill in a report while you talk to a caller.
next_inbox = Reports from the public, calls, texts and chats: urgent ones first.

## Reports: the optional map
report-map_clear = Remove the mark
report-map_failed = The map could not be loaded; describe the place in words instead.
report-map_hint = Tap the map where it happened. Choose the country first to see it closer.
report-map_marked = Marked on the map:
report-map_open = Mark the place on a map (optional)

## Analysis hub
hub = Analysis hub
next_hub_link = Analysis hub
next_hub = See hotspots, routes and trends on a map and in charts, and print a brief for authorities.
digit-group = ,
# How many digits a number needs before it is grouped (CLDR minimumGroupingDigits + 3: Spanish writes 1234 but 12.345).
digit-group-min = 1
value-unknown = Unknown
dimension-year = Year
dimension-gender = Gender
dimension-age = Age
dimension-majority = Adult or minor
dimension-citizenship = Citizenship
dimension-exploitation_country = Country of exploitation
dimension-modality = Form of exploitation
dimension-means = Means of control
dimension-means_detail = Means of control (detailed)
dimension-labour = Sector of forced labour
dimension-sex = Form of sexual exploitation
dimension-recruiter = Recruiter’s relationship
dimension-source = Source
dimension-traffick_months = Time trafficked
hub-figure-records = Records
hub-filters = Filters
hub-year-from = from
hub-year-to = to
hub-display = Display
hub-scope = Data
hub-scope-own = Our organisation
hub-scope-hub = With sources other organisations share
hub-map-by = Map by
hub-top = Corridors shown
hub-resolution = Hotspot cells
hub-resolution-auto = follow the map
hub-apply = Apply
hub-clear = Clear
hub-active = Active filters
hub-remove = remove this filter
hub-brief = Printable brief
hub-records = Records behind these figures
hub-layers = Layers
hub-view-countries = Map of countries
hub-view-routes = Routes
hub-view-series = Records by year and form of exploitation
hub-view-modality = Forms of exploitation
hub-view-means = Means of control
hub-view-age = Age
hub-view-gender = Gender
hub-view-recruiter = Recruiter’s relationship
hub-view-labour = Sectors of forced labour
hub-view-hotspots = Hotspots
hub-map-hint = Choose a country to narrow every view to it; arrows run from citizenship to country of exploitation.
hub-download = Download
hub-no-corridors = No corridor between known countries in this selection.
hub-corridor = Corridor
hub-count = People
hub-drop = Drop one of these filters:
hub-too-narrow = This view would combine { $dimensions } dimensions, years included; readers who may not read the records get at most { $limit }, so that no one can be singled out.
hub-one-value = { $dimension } holds several values per record: readers who may not read the records get this view filtered by one of them at a time, and not when it shows { $dimension } itself.
hub-chart-noise = Counts from the sources' differentially private releases: each is within ±{ $margin } of the true count in 95 of 100 cases; counts below { $shown } are not shown.
hub-narrow-short = Not shown: the filters are too narrow for your role.
hub-hidden = fewer than { $threshold }
hub-hidden-short = too few to show
hub-none-shown = fewer than { $shown }, or none
hub-no-records = no records
hub-cell-near = Reports near { $city } ({ $country })
hub-cell-at = Reports around { $point }
hub-channel = Report channel
hub-status = Report status
hub-domestic = within the country
hub-hotspots-summary = Hotspots: { $reports } reports with a place, in { $cells } cells (resolution { $resolution }).
hub-back = Back to the hub
hub-print-hint = Print this page or save it as PDF from the browser.
hub-brief-title = Brief: human trafficking data
hub-brief-date = Prepared on
hub-no-filters = All records, no filter.
hub-figures = Key figures
hub-method = Method and data quality
hub-figure-countries = Countries of exploitation
hub-figure-citizenships = Citizenships
hub-figure-years = Years
hub-figure-top-corridor = Main corridor
hub-figure-reports = Reports with a place
hub-note-counting = Each record is one identified victim of trafficking, counted in the year it was registered. Charts count records that pass the filters above; the total counts each record once.
hub-note-unknown = { $dimension }: unknown for { $share } % of the records.
hub-note-released = The oldest release these counts come from was made on { $date }; a source is released again when it changes, at most once a day and a few times a year.
hub-note-controlled = Disclosure control: these counts come from each source's differentially private release, with random noise on every count; groups of fewer than { $threshold } people, and counts too small to tell from the noise, are not shown, so that no person can be recognised; totals may therefore differ from the sum of their parts.
hub-note-multi = A person may have suffered several forms of exploitation or means of control, so these charts can add up to more than the total.
hub-note-sources = Records come from the organisations’ case files, hotlines and reports, coded in the HTCDS/CTDC standard. They describe identified victims, not the extent of trafficking.
hub-records-total = { $total } records match these filters.
hub-records-none = No record matches these filters.
hub-record-number = Record
hub-record = Record
hub-first-page = First page
hub-back-records = Back to the list
hub-zoom-in = Zoom in
hub-zoom-out = Zoom out
hub-zoom-reset = Whole map
hub-invalid-map = `{ $value }` is not a map: use `exploitation_country` or `citizenship`.
hub-invalid-top = `{ $value }` is not a number of corridors: give a whole number from 1 to 50.
hub-invalid-res = `{ $value }` is not a hotspot resolution: give a whole number from 1 (coarse) to 7 (fine).
hub-invalid-code = `{ $value }` is not a { $name } (expected one of { $accepted }).
audit-hub-view = Analysis hub viewed
audit-hub-export = Hub table or chart downloaded
audit-hub-brief = Brief written

## Analysis hub: hotspots
hub-hotspots-filters = Hotspots count reports: only the year, the country of exploitation, the channel and the status filter them.

## Sources: import and export in the browser, deletions
sources = Data
sources-statistics-title = What viewers and other organisations see
sources-statistics-about = They are answered from each source's differentially private release, made in the background when the source changes (at most once a day, within a yearly privacy budget per source).
sources-statistics-pending = #{ $source }: not released yet; its counts are not shown to them.
sources-statistics-current = #{ $source }: released on { $date }, up to date.
sources-statistics-changed = #{ $source }: released on { $date }; changed since, released again soon.
sources-statistics-cap-spent = #{ $source }: this year's privacy budget is spent; the release of { $date } is shown until January (the operator may raise the budget: faro admin org budgets).
sources_list = Sources
sources_none = This organisation has no sources yet: import a file above.
source_number = Source
source_name = Name
source_records = Records
source_rejected = Rejected rows
source_when = Imported
source_shared = Shared with the hub
source_hash = File fingerprint (SHA-256)
source_delete = Delete source
source_delete_warning = The source, all its records and their notes will be deleted for good. The audit log keeps the source's name, fingerprint and number of records, not their contents.
source_deleted = The source and its records were deleted; the audit log says so.
import_title = Import a file
import_help = A CTDC file in any layout (A, B or C) or Faro JSON lines. Each file becomes one source; a file already imported is skipped; rows that cannot be read are listed in an errors file, and the rest are imported.
import_file = File
import_file_hint = Up to { $megabytes } MB. Larger files: use faro import on the server.
import_layout = Layout
import_layout_auto = Detect from the header
import_layout_a = CTDC layout A (global dataset)
import_layout_b = CTDC layout B (synthetic 2021)
import_layout_c = CTDC layout C (synthetic 2024 and later)
import_layout_jsonl = Faro JSON lines
import_start = Import
import_jobs = Recent imports
import_started = Started
import_done = Imported
import_skipped = Already imported
import_failed_short = Failed
import_job = Import
import_progress = Share of the file read
import_running_counts = { $read } rows read so far, { $rejected } rejected.
import_refresh = This page updates itself until the import ends; you may leave it and come back from the Data page.
import_summary = Imported as source #{ $source }: { $read } rows read, { $imported } imported, { $rejected } rejected.
import_already = This file is already imported as source #{ $source } ({ $imported } records): nothing was added.
import_rejected_help = Some rows were rejected. The errors file names each one's line, column, value and reason: correct them and import the corrected rows as a new file.
import_errors_csv = Download the errors (CSV)
import_nothing_kept = Nothing from this file was imported. Correct the file and upload it again.
import_no_file = Choose a file to import: the form arrived without one, or the file was empty.
import_layout_invalid = Choose a layout from the list.
import_ignore = Columns to skip (optional)
import_ignore_hint = Names of columns that are not CTDC's, separated by commas, as the error names them: the import leaves them out instead of refusing the file.
import_ignore_unnamed = Skip columns without a name (a spreadsheet's row numbers, say)
import_ignore_invalid = The list of columns to skip is too long: give at most 4,000 characters.
import_gone = This import is not known (any more): ended imports are kept here for 30 days. Its source, if it was imported, is on the Data page.
import_running = The import is still running: its errors file is ready when it ends.
import_failed = The import could not be written to the database; nothing was kept. Try again later or ask the administrator.
import_unreadable = The file could not be read.
import_empty = The file is empty: it has no header row.
import_missing_columns = The file lacks required columns (add them; their cells may be empty for unknown):
unnamed_column = (unnamed column { $n })
import_unknown_columns = The file has columns that belong to no CTDC layout (rename them to their CTDC names or remove them):
import_duplicate_column = The file has a column twice (remove one):
import_broken = The file cannot be read beyond this line (check its quotes and separators):
export_title = Export records
export_help = Every record of this organisation. To export only some, filter them in the analysis hub and export from its list of records.
export_a = CTDC layout A (CSV)
export_c = CTDC layout C (CSV)
export_jsonl = Faro JSON lines
record_erase = Erase this record
record_erase_warning = The record and its notes will be erased for good, and every count is recomputed without it. The audit log says that a record was erased and why, never what it held.
record_erased = The record was erased; the audit log says why.{ $withdrawn ->
    [0] {""}
    [one] {" "}One release that held it was withdrawn: it is private now and cannot be made public again.
   *[other] {" "}{ $withdrawn } releases that held it were withdrawn: they are private now and cannot be made public again.
}
erasure_reason = Why
erasure_reason_choose = Choose a reason
erasure_reason_missing = Choose why the record is erased.
erasure_subject_request = The person asked for it
erasure_wrong_data = The record is wrong
erasure_duplicate = It duplicates another record
erasure_legal_order = A court or authority ordered it
confirm_understood = I understand that this cannot be undone.
confirm_missing = Tick the box to confirm: nothing was deleted.
leave = Remove this organisation
leave_help = When the organisation leaves this Faro: take its records and its audit log, then delete everything it has here.
leave_warning = Every source, record, note, report, user and token of the organisation will be deleted for good, and everyone is signed out. Its audit log is closed with a final entry and kept. Download what the organisation takes with it first:
leave_take_records = Its records (Faro JSON lines)
leave_take_chain = Its audit log (JSON lines)
leave_type_name = To confirm, type the organisation's name:
leave_name_mismatch = Type the organisation's name exactly and tick the box: nothing was deleted.
organisation_removed = The organisation was removed and you are signed out. Its audit log is kept, closed.
audit-organisation-remove = Organisation removed

## Sources: the default organisation stays
leave_default = The default organisation holds this instance's own imports and cannot be removed.

## An organisation's settings
org_settings = Organisation settings
org_settings_help = These settings apply to this organisation only; the instance's administrator sets the rest in Faro's settings file. Each change is written to the audit log.
settings_retention = Keep closed reports for (days)
settings_retention_hint = Empty: as long as the instance keeps them ({ $days } days). You may choose fewer days, not more.
settings_notify = E-mail these people when an urgent report arrives
settings_notify_hint = One address per line, at most { $max }. The message says only that an urgent report arrived, never what it says.
settings_notify_off = This instance has no e-mail settings yet: ask its administrator to add them, or no e-mail is sent.
settings_save = Save
settings_saved = The settings were saved; the audit log says what changed.
settings_retention_invalid = Give a whole number of days from 1 to the instance's period, or leave it empty. Nothing was saved.
settings_email_invalid = One of the addresses is not an e-mail address: correct it. Nothing was saved.
settings_too_many_addresses = Too many addresses: give at most ten. Nothing was saved.
audit-organisation-settings = Organisation settings changed

## Sources: a long errors file
import_errors_cut = So many rows were rejected that the errors file lists only the first ones (8 MB). Correct those, or import with faro import on the server for the whole list.

## Publishing: the report and the datasheet
publish_report_title = Release report: utility and disclosure risk
publish_parameters = Parameters
publish_selection = Selection
publish_all_records = every record of the organisation
publish_records_in = Records selected
publish_quasi_identifiers = Quasi-identifiers
publish_kanon = k-anonymous microdata
publish_kanon_method = Every combination of the quasi-identifiers that a published record shows, an unknown value counting as a value, is shown by at least k published records. Values that would single someone out are suppressed (-99), the rarest groups first, each losing the one quasi-identifier that joins it to the largest existing group; records that stay too rare are left out.
publish_records_out = Records published
publish_smallest_group = Smallest group
publish_suppressed_cells = Values suppressed
publish_records_changed = Records with a suppressed value
publish_records_left_out = Records left out
publish_suppressed_share = Share of records suppressed (changed or left out)
publish_errors = Counts of 1, 2 and 3 values against the sensitive data
publish_errors_method = Every combination of one, two and three known quasi-identifier values, counted in the selected records and in the published ones. The relative error is over the combinations of at least k; missing are those the release lacks; fabricated are combinations the selection never had; rare leaked are combinations rarer than k that the release shows.
publish_length = Values combined
publish_all_lengths = all
publish_combinations = Combinations of at least k
publish_mae = Mean absolute error
publish_mre = Mean relative error
publish_missing = Missing
publish_fabricated = Fabricated
publish_rare_leaked = Rare leaked
publish_dp = Differentially private tables
publish_dp_method = Counts of every value of year, gender, age, majority, citizenship and country of exploitation, over every possible value fixed in advance, each with noise from the exact discrete Laplace distribution (OpenDP). Each person is in one cell of each table, so the tables together are ε-differentially private; the organisation's budget is accounted across releases.
publish_dp_scale = Noise scale of each cell
publish_dp_cells = Cells
publish_budget = Privacy budget spent (ε, all releases)
publish_datasheet_title = Datasheet
publish_datasheet_intro = Data on identified victims of human trafficking, published so that no person can be singled out. Read the method and its limitations before using the figures.
publish_created = Published
publish_files = Files
publish_file_kanon = one row per victim, in the layout of CTDC's global dataset; -99 is unknown or suppressed.
publish_file_dp = noisy counts: one row per dimension and value, with columns dimension, value and count.
publish_fields = Fields and codes
publish_fields_text = The columns and codes are those of the Human Trafficking Case Data Standard and CTDC's data dictionary (ctdatacollaborative.org): year of registration, gender, age group, majority status, citizenship and country of exploitation (ISO 3166-1), the type of exploitation, means of control and recruiter relationship as 0/1 flags.
publish_method = Method
publish_limitations = Limitations
publish_limitations_text = These are victims an organisation identified, not all victims: the data show where organisations work as much as where trafficking happens. Suppressed values are not missing at random; rare groups lose the most. Noisy counts can differ from the true ones by a few units either way, more for small counts.
publish_citation = Citation
publish_citation_text = Cite the publishing organisation, the date of publication and Faro.
audit-privacy-budgets = Privacy budgets set by the operator
audit-publish-release = Data published

## Publishing: synthetic microdata
publish_synthetic = Synthetic microdata
publish_synthetic_method = Records made up from the counts of every combination of one, two and three values of at least k in the selected records, after synthetic-data-showcase: each count is a budget, and a record is built one value at a time, each drawn in proportion to what its combinations with the values already drawn still owe; a record whose combinations are all spent stops there, its other fields unknown. As many records are made as were selected. No combination of up to three values rarer than k, or never seen, can appear, and no record copies a real one rarer than k (one that would is cut short): these are not real people.
publish_synthetic_shortened = Records cut short (they copied a rare real record)
publish_file_synthetic = synthetic records, one row per made-up victim, in the layout of CTDC's global dataset: use them for patterns, not to count or find people; rare values appear less often than in the records.

## Published data
data_title = Published data
data_intro = Data that organisations using Faro chose to publish, protected so that no person can be singled out: k-anonymous and synthetic records and noisy counts. Read each release's datasheet before using it.
data_none = Nothing has been published yet.
data_datasheet = Datasheet
releases_title = Releases
releases_intro = What this organisation made, here or with faro publish. A release is private until you make it public; the public page then offers its datasheet and data files, never its report.
releases_none = No release yet: make one above, or with faro publish.
releases_number = Release
releases_public = Public
releases_private = Private
releases_make_public = Make public
releases_make_private = Make private
audit-release-save = Release kept
audit-release-visibility = Release made public or private
audit-release-withdraw = Release withdrawn (it held an erased record)

## Published data: the way there
data_link = Data organisations have published, protected so that no one can be singled out

## Releases made from a page
release_new = Make a release
release_methods = What to publish
release_k_hint = Every published combination is shared by at least k records (CTDC uses 11).
release_epsilon_hint = The privacy budget the noisy tables spend, from the organisation's total.
release_make = Make the release
release_job = Making a release
release_running = The release is being made; this page updates itself.
release_kept = Made and kept as release #{ $release }, private: make it public in the list of releases once you have checked its report.
release_too_few = The organisation has fewer records than k: nothing was published. Lower k.
release_nothing = No record can be published k-anonymously: nothing was published. Lower k or leave out the k-anonymous microdata.
release_budget = This release would exceed the organisation's privacy budget: nothing was published. Ask for a smaller ε, leave out the noisy tables, or ask the instance's operator.
release_failed = The release could not be made; nothing was published. Try again later or ask the administrator.
release_k_invalid = Give k as a whole number of at least 2.
release_epsilon_invalid = Give ε as a number above 0 and at most 100.
release_no_method = Choose at least one thing to publish.
release_job_gone = This release is not known (any more): ended ones stay here for 30 days. Kept releases are in the list of releases.

## Publishing: generalised k-anonymous microdata
publish_general = Generalised k-anonymous microdata
publish_general_method = The same k-anonymity, in columns of their own that can hold more than a value or unknown: a country may be given as its UN subregion or region and a year as a five-year range, the same level for the whole file. Each choice of levels is made k-anonymous by the same suppression, and the one that loses the least information is kept (a suppressed value loses all of it, a subregion a third, a region two thirds, a range half). The file is made only when this keeps more than suppression alone.
publish_general_years = Years
publish_general_ranges = Five-year ranges
publish_general_exact = As recorded
publish_general_citizenship = Citizenship given as
publish_general_exploitation = Country of exploitation given as
publish_area_country = Country
publish_area_subregion = UN subregion
publish_area_region = UN region
publish_information_lost = Information lost
publish_information_lost_by_suppression = Information lost by suppression alone
publish_file_general = one row per victim, k-anonymous like kanon.csv but with countries as UN subregions or regions and years as ranges where that keeps more; columns gender, ageBroad, majorityStatus, citizenshipArea, exploitationArea, yearRange, modality; empty is unknown or suppressed.

## Publishing: a release of a selection
release_of_selection = Publish this selection
release_selection_hint = To publish fewer records, choose them in the analysis hub and use “Publish this selection” under its records list.
release_filters_invalid = The selection's filters cannot be read. Choose the records again in the analysis hub.

## Countries: `country-<ISO 3166-1 alpha-2>` (names from Unicode CLDR 48.2.0, Unicode License v3; scripts/cldr-countries.py)

country-AD = Andorra
country-AE = United Arab Emirates
country-AF = Afghanistan
country-AG = Antigua & Barbuda
country-AI = Anguilla
country-AL = Albania
country-AM = Armenia
country-AO = Angola
country-AQ = Antarctica
country-AR = Argentina
country-AS = American Samoa
country-AT = Austria
country-AU = Australia
country-AW = Aruba
country-AX = Åland Islands
country-AZ = Azerbaijan
country-BA = Bosnia & Herzegovina
country-BB = Barbados
country-BD = Bangladesh
country-BE = Belgium
country-BF = Burkina Faso
country-BG = Bulgaria
country-BH = Bahrain
country-BI = Burundi
country-BJ = Benin
country-BL = St. Barthélemy
country-BM = Bermuda
country-BN = Brunei
country-BO = Bolivia
country-BQ = Caribbean Netherlands
country-BR = Brazil
country-BS = Bahamas
country-BT = Bhutan
country-BV = Bouvet Island
country-BW = Botswana
country-BY = Belarus
country-BZ = Belize
country-CA = Canada
country-CC = Cocos (Keeling) Islands
country-CD = Congo - Kinshasa
country-CF = Central African Republic
country-CG = Congo - Brazzaville
country-CH = Switzerland
country-CI = Côte d’Ivoire
country-CK = Cook Islands
country-CL = Chile
country-CM = Cameroon
country-CN = China
country-CO = Colombia
country-CR = Costa Rica
country-CU = Cuba
country-CV = Cape Verde
country-CW = Curaçao
country-CX = Christmas Island
country-CY = Cyprus
country-CZ = Czechia
country-DE = Germany
country-DJ = Djibouti
country-DK = Denmark
country-DM = Dominica
country-DO = Dominican Republic
country-DZ = Algeria
country-EC = Ecuador
country-EE = Estonia
country-EG = Egypt
country-EH = Western Sahara
country-ER = Eritrea
country-ES = Spain
country-ET = Ethiopia
country-FI = Finland
country-FJ = Fiji
country-FK = Falkland Islands
country-FM = Micronesia
country-FO = Faroe Islands
country-FR = France
country-GA = Gabon
country-GB = United Kingdom
country-GD = Grenada
country-GE = Georgia
country-GF = French Guiana
country-GG = Guernsey
country-GH = Ghana
country-GI = Gibraltar
country-GL = Greenland
country-GM = Gambia
country-GN = Guinea
country-GP = Guadeloupe
country-GQ = Equatorial Guinea
country-GR = Greece
country-GS = South Georgia & South Sandwich Islands
country-GT = Guatemala
country-GU = Guam
country-GW = Guinea-Bissau
country-GY = Guyana
country-HK = Hong Kong
country-HM = Heard & McDonald Islands
country-HN = Honduras
country-HR = Croatia
country-HT = Haiti
country-HU = Hungary
country-ID = Indonesia
country-IE = Ireland
country-IL = Israel
country-IM = Isle of Man
country-IN = India
country-IO = British Indian Ocean Territory
country-IQ = Iraq
country-IR = Iran
country-IS = Iceland
country-IT = Italy
country-JE = Jersey
country-JM = Jamaica
country-JO = Jordan
country-JP = Japan
country-KE = Kenya
country-KG = Kyrgyzstan
country-KH = Cambodia
country-KI = Kiribati
country-KM = Comoros
country-KN = St. Kitts & Nevis
country-KP = North Korea
country-KR = South Korea
country-KW = Kuwait
country-KY = Cayman Islands
country-KZ = Kazakhstan
country-LA = Laos
country-LB = Lebanon
country-LC = St. Lucia
country-LI = Liechtenstein
country-LK = Sri Lanka
country-LR = Liberia
country-LS = Lesotho
country-LT = Lithuania
country-LU = Luxembourg
country-LV = Latvia
country-LY = Libya
country-MA = Morocco
country-MC = Monaco
country-MD = Moldova
country-ME = Montenegro
country-MF = St. Martin
country-MG = Madagascar
country-MH = Marshall Islands
country-MK = North Macedonia
country-ML = Mali
country-MM = Myanmar (Burma)
country-MN = Mongolia
country-MO = Macao
country-MP = Northern Mariana Islands
country-MQ = Martinique
country-MR = Mauritania
country-MS = Montserrat
country-MT = Malta
country-MU = Mauritius
country-MV = Maldives
country-MW = Malawi
country-MX = Mexico
country-MY = Malaysia
country-MZ = Mozambique
country-NA = Namibia
country-NC = New Caledonia
country-NE = Niger
country-NF = Norfolk Island
country-NG = Nigeria
country-NI = Nicaragua
country-NL = Netherlands
country-NO = Norway
country-NP = Nepal
country-NR = Nauru
country-NU = Niue
country-NZ = New Zealand
country-OM = Oman
country-PA = Panama
country-PE = Peru
country-PF = French Polynesia
country-PG = Papua New Guinea
country-PH = Philippines
country-PK = Pakistan
country-PL = Poland
country-PM = St. Pierre & Miquelon
country-PN = Pitcairn Islands
country-PR = Puerto Rico
country-PS = Palestine
country-PT = Portugal
country-PW = Palau
country-PY = Paraguay
country-QA = Qatar
country-RE = Réunion
country-RO = Romania
country-RS = Serbia
country-RU = Russia
country-RW = Rwanda
country-SA = Saudi Arabia
country-SB = Solomon Islands
country-SC = Seychelles
country-SD = Sudan
country-SE = Sweden
country-SG = Singapore
country-SH = St. Helena
country-SI = Slovenia
country-SJ = Svalbard & Jan Mayen
country-SK = Slovakia
country-SL = Sierra Leone
country-SM = San Marino
country-SN = Senegal
country-SO = Somalia
country-SR = Suriname
country-SS = South Sudan
country-ST = São Tomé & Príncipe
country-SV = El Salvador
country-SX = Sint Maarten
country-SY = Syria
country-SZ = Eswatini
country-TC = Turks & Caicos Islands
country-TD = Chad
country-TF = French Southern Territories
country-TG = Togo
country-TH = Thailand
country-TJ = Tajikistan
country-TK = Tokelau
country-TL = Timor-Leste
country-TM = Turkmenistan
country-TN = Tunisia
country-TO = Tonga
country-TR = Türkiye
country-TT = Trinidad & Tobago
country-TV = Tuvalu
country-TW = Taiwan
country-TZ = Tanzania
country-UA = Ukraine
country-UG = Uganda
country-UM = U.S. Outlying Islands
country-US = United States
country-UY = Uruguay
country-UZ = Uzbekistan
country-VA = Vatican City
country-VC = St. Vincent & Grenadines
country-VE = Venezuela
country-VG = British Virgin Islands
country-VI = U.S. Virgin Islands
country-VN = Vietnam
country-VU = Vanuatu
country-WF = Wallis & Futuna
country-WS = Samoa
country-XK = Kosovo
country-YE = Yemen
country-YT = Mayotte
country-ZA = South Africa
country-ZM = Zambia
country-ZW = Zimbabwe

## Background jobs
import_waiting = Waiting for a free server to start the import.
import_errors_dropped = The file of rejected rows is no longer kept: the organisation keeps only its most recent ones. Import the file again to get it.
job_cancel = Cancel
job_cancelled = Cancelled.
job_cancelled_short = cancelled
job_waiting_short = waiting
job_lost = The server running this work stopped before it ended. Nothing of it was kept: start it again.
job_user_gone = The account that started this work is disabled or deleted, so it did not run.
job_failed = This work failed on the server. Nothing of it was kept; the server’s log says why.
store-too-many-jobs = this organisation already has { $limit } imports or releases under way; wait until one ends, or cancel one
store-release-withdrawn = this release was withdrawn because it holds a record that has since been erased; make a new release instead
store-case-changed = someone else saved this case since you opened it (changed: { $fields }): open it again to see their changes, then make yours
store-case-closed = this case is closed: reopen it before changing it
store-not-case-staff = choose an active case worker, operator or administrator of this organisation
store-not-a-team = choose one of this organisation's teams
store-not-a-supervisor = only a supervisor of one of the organisation's teams, or an administrator, may do this
store-nothing-pending = no step of this case is waiting for approval
store-already-pending = a step of this case is already waiting for approval: ask a supervisor to decide it first
store-team-exists = this organisation already has a team of that name

## Command line: administration, settings, files
cli-admin-runs-first = this command runs before a store is opened (it needs the key's source)
cli-backup-failed = no backup written to `{ $path }`
cli-backup-written = wrote the { $backend } backup `{ $path }` ({ $megabytes } MB in { $seconds } s), sealed with the data key; its audit checkpoint covers { $chains } chains
cli-org-needs-name = an organisation needs a name
cli-org-budget-bad = `{ $value }` is not a privacy budget: give ε above 0 and at most 100
cli-org-budgets = The privacy budgets of { $name } are set (a budget not given is the instance's).
cli-org-created = created organisation { $id } `{ $name }`
cli-no-organisation = there is no organisation named `{ $name }` (see `faro admin org list`)
cli-org-removed = removed organisation { $id } `{ $name }`: { $sources } sources, { $records } records, { $reports } reports, { $users } users deleted; its records and closed audit chain are in `{ $path }`
cli-share-failed = cannot change the sharing of source { $id }
cli-share-set = source { $id } { $shares ->
    [yes] shares
   *[no] no longer shares
} its aggregates with the hub
cli-source-not-deleted = source { $id } not deleted
cli-source-deleted = deleted source { $id } `{ $name }` (sha256 { $sha256 }) and its { $records } records
cli-abandoned-removed = removed { $count } abandoned imports { $ids }
cli-record-not-erased = record { $id } not erased
cli-record-erased = erased record { $id } and its notes; the audit log says why
cli-reports-purged = deleted { $count } closed reports older than { $days } days
cli-user-created = created user { $id } `{ $email }` in `{ $organisation }`
cli-role-failed = cannot change the role of `{ $email }`
cli-role-set = `{ $email }` is now { $role }; { $revoked } wider tokens revoked
cli-two-factor-failed = cannot turn off two-factor sign-in of `{ $email }`
cli-two-factor-off = two-factor sign-in of `{ $email }` is off and their sessions ended; they can set it up again
cli-link-failed = cannot make a set-password link for `{ $email }`
cli-disable-failed = cannot disable `{ $email }`
cli-user-disabled = disabled `{ $email }`: their sessions and tokens no longer work
cli-token-created = token { $id } for `{ $email }` as { $role }, expires in { $days } days; it is shown only now:
cli-token-revoked = revoked token { $id }
cli-audit-intact = the audit log is intact: { $entries } entries in { $chains } chains{ $since ->
    [yes] , and it has only grown since the checkpoint
    [file] , and it has only grown since the newest checkpoint in { $file }
   *[no] {""}
}
cli-checkpoint-dir-needed = with PostgreSQL and the data key in FARO_DATA_KEY, say where audit checkpoints are kept: `[audit] checkpoint_dir = "FOLDER"` in faro.toml (a folder outside the database)
cli-audit-tampered = the audit log has been tampered with: { $problem }
cli-no-checkpoint = no checkpoint of a tampered audit log: { $problem }
cli-nothing-restored = nothing restored from `{ $path }`
cli-restored = restored the { $backend } backup taken on { $taken } into `{ $location }` in { $seconds } s; its audit log is intact ({ $entries } entries in { $chains } chains) and matches the checkpoint inside{ $since ->
    [yes] {" "}and the one you gave
   *[no] {""}
}
cli-checkpoint-unreadable = cannot read the checkpoint `{ $path }`
cli-not-a-checkpoint = `{ $path }` is not a checkpoint written by `faro admin audit checkpoint` ({ $reason })
cli-link-made = one-time set-password link, valid { $hours } hours; earlier links of this user stop working:
cli-link-prefix = (prefix it with the address Faro is served at, or give --public-url)
cli-no-data-key = cannot make a data key: { $reason }
cli-rotation-half-way = `{ $staged }` exists: an earlier rotation stopped half-way. If Faro starts with `{ $path }`, delete the new file; otherwise move it over the old key
cli-new-key-unwritten = cannot write the new key `{ $path }`
cli-key-unchanged = the data key was not changed
cli-key-move-by-hand = the database now uses the key in `{ $staged }`: move it over `{ $path }` by hand
cli-key-rotated = rotated the data key in `{ $path }`
cli-key-set-env = the database now uses this new key: set FARO_DATA_KEY to it before Faro starts again
cli-key-rotation-summary = re-encrypted { $notes } notes and { $secrets } second-factor secrets, re-signed { $entries } audit entries; back up the new key
cli-setting-range = `{ $key }` is { $value }; give { $min } to { $max }
cli-setting-epsilon = `epsilon_per_organisation` is { $value }; give a number above 0 and at most 100
cli-setting-language = `{ $key }` is `{ $value }`; use a language Faro has (en, es, fr)
cli-setting-email = `{ $key }` is `{ $value }`, not an e-mail address ({ $reason })
cli-setting-secret = `{ $key }` must be a secret of your own of at least { $min } characters, not one from an example (make one with `openssl rand -hex 32`)
cli-setting-webhook-url = `webhook_url` is `{ $value }`; give an https:// address (or http://127.0.0.1 for a receiver on this machine)
cli-setting-webhook-pair = a webhook needs both `webhook_url` and `webhook_secret`
cli-setting-sms-name = `sms.name` is `{ $value }`; use 1 to 40 letters, digits, `-` and `_` (it is the webhook's URL segment)
cli-setting-sms-kind = `sms.kind` of `{ $channel }` is `{ $value }`; use `twilio` or `json`
cli-setting-sms-channel = `sms.channel` of `{ $channel }` is `{ $value }`; use `sms` or `chat`
cli-setting-sms-account = `sms.account` (the Twilio account SID) is needed to reply through `{ $channel }`
cli-setting-emergency-service = `emergency.service` is `{ $value }`; use one of `emergency`, `police`, `ambulance`, `hotline`
cli-setting-emergency-number = `emergency.number` is `{ $value }`; give a phone number of digits, spaces, `+` and `-`
cli-setting-https = `{ $key }` is `{ $value }`; give an https:// address
cli-setting-retention = `retention_days` is 0; give the number of days closed reports are kept (at least 1)
cli-setting-no-organisation = the config file's { $key } `{ $name }` does not exist; create it with `faro admin org create` or fix the name
cli-setting-section = the config file's [{ $section }] section: { $problem }
cli-key-env-bad = FARO_DATA_KEY { $reason } (expected 64 hexadecimal characters)
cli-key-missing = PostgreSQL needs a data key: give `--key-file FILE` (created on first use) or set FARO_DATA_KEY
cli-key-file-uncreated = cannot create the key file `{ $path }`
cli-key-file-created = created the data key `{ $path }`: back it up; without it the audit log cannot be verified
cli-key-file-unreadable = cannot read the key file `{ $path }`
cli-key-file-bad = the key file `{ $path }` { $reason }
cli-key-file-absent = the key file `{ $path }` does not exist: give the data key of the instance the backup was taken from (--key-file FILE or FARO_DATA_KEY)
cli-key-file-open = the key file `{ $path }` can be read by others (mode { $mode }): run `chmod 600 { $path }` and start again
problem-privacy-threshold = privacy.threshold is { $value }: it must be at least 2 (CTDC uses 11)
problem-privacy-epsilon = privacy.epsilon_per_release is { $release } and privacy.annual_epsilon_per_source { $annual }: each must be above 0 and at most 100, and a release no more than a year's budget
problem-privacy-limits = privacy.delta is { $delta }: it must be above 0 and at most 0.001 (one in a thousand people), and privacy.hours_between_releases at least 1
cli-cannot-create = cannot create `{ $path }`
cli-cannot-write = cannot write `{ $path }`
cli-export-unwritten = cannot write the export
cli-exported = exported { $count } records
cli-generated = wrote { $rows } rows ({ $malformed } malformed) to `{ $path }`
cli-nothing-deleted = nothing was deleted
cli-chain-unwritten = the organisation was removed, but its audit chain could not be written to `{ $path }`: write it with `faro admin audit export`
cli-stdout-unwritten = cannot write to standard output
cli-brief-failed = the brief could not be made: { $reason }
cli-wrote = wrote `{ $path }`
cli-database-unopened = cannot open the database `{ $location }`
cli-audit-unwritten = cannot write the audit log
cli-settings-valid = the settings in `{ $path }` are valid
cli-settings-none = no settings file given (--config FILE or FARO_CONFIG): every default applies
cli-folder-unreadable = cannot read the folder `{ $path }`
cli-folder-not-empty = `{ $path }` is not empty: give a new or empty folder
cli-folder-uncreated = cannot create the folder `{ $path }`
cli-nothing-published-because = nothing published: { $reason }
cli-nothing-published = nothing published
cli-published-kanon = k-anonymous microdata: { $records } of { $of } records in `{ $file }` (smallest group { $smallest }, { $suppressed } values suppressed, { $left_out } records left out)
cli-published-general = generalised k-anonymous microdata: { $records } records in `{ $file }` (years as ranges: { $years }, citizenship as { $citizenship }, country of exploitation as { $exploitation }; { $lost } % of the known values lost, { $suppressed } % by suppression alone)
cli-published-synthetic = synthetic microdata: { $records } records in `{ $file }` (mean relative error of the 1- to 3-value counts { $error }; { $shortened } records cut short as copies of rare real records)
cli-published-dp = differentially private tables: { $cells } cells in `{ $file }` at ε = { $epsilon }; the organisation has spent { $spent } of its budget of { $budget }
cli-published-report = report in `report.html` and `report.json`, datasheet in `README.md`, all in `{ $path }`; kept as release { $release }, private until an admin of the organisation makes it public at /admin/releases
cli-errors-file-uncreated = cannot create the errors file `{ $path }`
cli-error = error: { $message }
cli-caused-by =   caused by: { $message }
cli-errors-file-unwritten = cannot write the errors file
cli-cannot-read = cannot read `{ $path }`
cli-errors-file-broke = cannot write to the errors file; rejected rows are still counted
cli-serving = Faro is serving at { $url }
cli-server-stopped = the server stopped
cli-demo-loading = loading { $rows } fictitious demo records (generated, not real people)…
cli-demo-loaded = loaded { $rows } demo records as source { $source }
cli-demo-unloaded = cannot load the demo data
cli-demo-reports = loaded { $count } fictitious reports into the inbox
cli-no-password = cannot make a password: { $reason }
cli-demo-password = Sign in as { $email } with the password { $password } (shown only now)
cli-demo-token = API token of { $email } (admin, 30 days; shown only now): { $token }
cli-twilio-needs-url = the SMS channel `{ $channel }` checks Twilio's signatures, which cover the webhook's public address: give `--public-url https://…`
cli-cannot-listen = cannot listen on `{ $address }` (is the address free? change it with --bind)
cli-no-runtime = cannot start the async runtime

## Who did something (audit page, conversations, notes)
actor-faro = Faro
actor-cli = Command line
actor-signing_in = Someone signing in
actor-link = { $name } (set-password link)
actor-token = { $name } (API token { $token })
display_name = Name shown to colleagues
display_name_hint = Colleagues see this name in conversations, notes and the audit log; a pseudonym is fine. Reporters only ever see your organisation's name.
display_name_save = Save the name
display_name_invalid = Give a name of 1 to 60 characters without control or text-direction characters.
display_name_saved = The name is saved.

## The hotline's call form speaks to the operator
call-field-what = What the caller tells
call-what_hint = In the caller's words where you can: what they saw or heard, who was there, what people were made to do.
call-field-signs = Signs the caller mentions
call-signs_hint = Tick what the caller describes; ask about the others if it is safe to.
call-field-contact = May we contact the caller again?
call-contact_hint = Only if the caller chose phone or e-mail; used only to reach them about this report.
call-not_sure = Not known
call_contact-email = By e-mail
call_contact-follow_up = On the website, with the receipt code you read to them
call_contact-none = Do not contact them
call_contact-phone = By phone

## Releases: what each changed, and making one public
release_summary = What the methods changed
release_summary_kanon = k-anonymous: { $share } of records changed or left out; error { $error }
release_summary_general = generalised: { $share } of the details lost
release_summary_synthetic = synthetic: mean error { $error }
release_summary_dp = tables: mean error { $error } (ε = { $epsilon })
release_public_title = Make a release public
release_public_who = Who will see it
release_public_anyone = Anyone, without signing in, on the public Data page (/data)
release_public_files = Files anyone can download
release_public_kept = Files that stay with your admins
release_public_warning = Once public, the files can be downloaded and passed on by anyone. Making the release private again stops new downloads but cannot recall copies already taken. Read the release report first.
confirm_not_public = Tick the box to confirm: the release is still private.

## Faro's own sources, in words
source-intake = Reports made records
source-demo = Demo: fictitious CTDC-like records
source-layout-intake = Reports inbox
source-layout-demo = Generated for the demo

## The audit page: the fields of an entry's detail
audit_field-user_id = user
audit_field-source_id = source
audit_field-report_id = report
audit_field-record_id = record
audit_field-release_id = release
audit_field-organisation_id = organisation
audit_field-token_id = token
audit_field-session_id = session
audit_field-job = work
audit_field-role = role
audit_field-status = status
audit_field-records = records
audit_field-reason = reason
audit_field-ids = ids
audit_field-report_ids = reports
audit_field-note_id = note
audit_field-note_ids = notes
audit_field-attachment_id = photo
audit_field-count = count
audit_field-kind = kind
audit_field-public = public
audit_field-assignee = assigned to
audit_field-duplicate_of = duplicate of
audit_field-country = country
audit_field-modality = types of exploitation
audit_field-means = means of control
audit_field-point = point on the map
audit_field-rows_imported = rows imported
audit_field-rows_rejected = rows rejected
audit_field-tokens_revoked = tokens revoked
audit_field-filters = filters
audit_field-format = format
audit_field-epsilon = ε
audit_field-reports = reports
audit_field-sources = sources

## A chart downloaded alone says what it shows
hub-export-filters = Filters: { $filters }
hub-export-all = all the records you may read
hub-export-made = Made with Faro on { $date }.
hub-export-exact = Exact counts of the records your organisation may read, not for publication: small counts can identify people. Publish through a release.
hub-years-since = since { $from }
hub-years-until = until { $to }
hub-years-between = { $from }–{ $to }
hub-filter-line = { $label }: { $value }

## UN regions, for lists of countries grouped by region (names from Unicode CLDR)
region-Africa = Africa
region-Americas = Americas
region-Asia = Asia
region-Europe = Europe
region-Oceania = Oceania
region-Antarctic = Antarctica
hub-country-search = Type to find a country

## The public data pages
data_release_open = Files, charts and datasheet
data_release_title = Published release
data_release_intro = What this organisation published, protected so that no person can be singled out. The charts below are drawn from the published tables only, never from the records.
data_file = File
data_file_what = What it holds
data_file_format = Format
data_file_size = Size
data_kilobytes = { $size } KB
data_charts = Charts of the published tables
data_charts_about = Counts from the differentially private tables of this release: each has random noise added, so small counts are unreliable and totals may differ.
data_datasheet_language = This datasheet is written in { $language }.
published-kanon = k-anonymous records: one row per person, rare details removed
published-general = k-anonymous records with countries as regions and years as ranges
published-synthetic = Synthetic records: made-up people with the same patterns as the real ones
published-dp = Counts by one characteristic, with random noise (differential privacy)
published-datasheet = The datasheet: what was published, how it was protected, how to use it
published-none = none published
# A colon after a label, with the spacing the language puts before it.
colon = :
