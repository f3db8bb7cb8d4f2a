# Faro : les mots que les personnes lisent, en français.
# Chaque fichier de ce dossier est une langue ; chaque message de en.ftl doit exister dans chacun.


## Pages

language_name = Français
title = Faro — plateforme de données sur la traite des êtres humains
tagline = Données sur les cas de traite des êtres humains, selon la norme HTCDS/CTDC.
loaded = Chargés :
records = dossiers
api = API JSON
api_hint = L’API répond avec un jeton d’API (créez-en un sur la page de votre compte) ou tant que vous êtes connecté·e.
attribution = Données CTDC : Source : Counter-Trafficking Data Collaborative (CTDC), ctdatacollaborative.org
not_found_title = Page introuvable
not_found_text = Il n’y a aucune page à cette adresse. Elle a peut-être été mal saisie, ou la page a changé de place.
not_found_report = Signaler quelque chose que vous avez vu
home = Accueil
account = Compte
admin = Administration
audit = Journal d’audit
sign_in = Se connecter
sign_out = Se déconnecter
sign_in_intro = Le personnel des organisations membres se connecte ici. Pour signaler une situation, aucun compte n’est nécessaire.
email = Adresse e-mail
password = Mot de passe
code = Code de votre application d’authentification (si vous avez activé la connexion en deux étapes)
sign_in_failed = L’adresse e-mail, le mot de passe ou le code est incorrect, ou le compte est désactivé.
throttled = Trop de tentatives de connexion échouées. Patientez quelques minutes, puis réessayez.
signed_in_as = Connecté·e en tant que
organisation = Organisation
role = Rôle
set_password = Choisissez votre mot de passe
set_password_intro = Au moins 12 caractères. Quelques mots dont vous vous souviendrez font un bon mot de passe.
password_again = Confirmez le mot de passe
passwords_differ = Les deux mots de passe ne sont pas identiques.
password_short = Le mot de passe doit compter au moins 12 caractères (et au plus 256).
password_set = Votre mot de passe est enregistré et toutes les sessions précédentes sont fermées. Vous pouvez maintenant vous connecter.
link_invalid = Ce lien n’est pas valide : il a déjà servi, il a expiré (un lien dure 24 heures) ou un lien plus récent a été créé. Demandez un nouveau lien à une personne chargée de l’administration de votre organisation.
save = Enregistrer
two_factor = Connexion en deux étapes
two_factor_on = Activée : la connexion demande un code de votre application d’authentification.
two_factor_off = Désactivée. Activez-la pour qu’un mot de passe volé ne suffise pas à se connecter.
two_factor_start = Activer la connexion en deux étapes
two_factor_secret = Ajoutez cette clé à votre application d’authentification (ou ouvrez le lien sur le téléphone), puis saisissez le code qu’elle affiche.
two_factor_confirm = Activer
two_factor_done = La connexion en deux étapes est activée.
code_wrong = Ce n’est pas le code actuel de l’application d’authentification. Vérifiez l’heure du téléphone et réessayez.
tokens = Jetons d’API
tokens_intro = Un jeton permet à un programme d’utiliser l’API JSON en votre nom, avec un rôle qui ne dépasse jamais le vôtre. Il n’est affiché qu’une fois.
token_name = Nom (à quoi il sert)
token_days = Validité (en jours, de 1 à 365)
token_create = Créer un jeton
token_created = Votre nouveau jeton, affiché cette seule fois : copiez-le là où il sera utilisé.
token_days_invalid = Indiquez un nombre entier de jours, de 1 à 365.
role_invalid = Choisissez l’un des rôles de la liste.
name_invalid = Indiquez un nom de 1 à 100 caractères.
revoke = Révoquer
revoked = révoqué
expires = Expire le
created = Créé le
user = Utilisateur·rice
none = Aucun pour l’instant.
sign_out_everywhere = Se déconnecter sur tous les appareils
sign_out_everywhere_intro = Ferme toutes les sessions de votre compte, y compris celle-ci (en cas d’appareil perdu ou partagé).
users = Utilisateurs et utilisatrices
user_create = Ajouter une personne
user_created = Le compte est créé. Envoyez-lui ce lien à usage unique pour choisir son mot de passe (valable 24 heures) :
password_link = Lien de mot de passe
link_guessed = Ce lien commence par l’adresse par laquelle vous avez atteint cette page : vérifiez que c’est celle que votre collègue utilisera (lancez Faro avec --public-url pour la fixer une fois pour toutes).
password_link_made = Lien à usage unique pour choisir un nouveau mot de passe (valable 24 heures ; les liens précédents ne fonctionnent plus) :
disable = Désactiver
role_change = Changer de rôle
two_factor_reset = Désactiver les deux étapes (téléphone perdu)
disabled = désactivé
active = actif
email_invalid = Indiquez une adresse e-mail comme nom@exemple.org.
email_taken = Cette adresse e-mail ne peut pas être donnée à un nouveau compte : les adresses sont uniques sur cette instance de Faro.
status = État
when = Quand
actor = Qui
action = Action
detail = Détail
older = Entrées plus anciennes
audit_intro = Chaque connexion, tentative échouée, lecture de dossiers, modification, exportation et changement de jetons ou de comptes de votre organisation, de la plus récente à la plus ancienne. Chaque entrée est chaînée à la précédente : `faro admin audit verify` détecte toute modification.
forbidden = Votre rôle ne permet pas d’ouvrir cette page.
csrf = Ce formulaire a expiré ou ne vient pas de ce site. Revenez en arrière, rechargez la page et renvoyez-le.
error = Un problème est survenu
internal = Une erreur interne s’est produite et a été consignée. Réessayez dans un instant.
back = Retour
skip_to_content = Aller au contenu
language = Langue
sections = Rubriques
not_found = Cette page ou cet élément n’existe pas, ou votre organisation n’y a pas accès.
too_large = Ce que vous avez envoyé est trop volumineux. Envoyez-en moins à la fois, ou un fichier plus petit.
next_title = Ce que vous pouvez faire
next_admin = Ajoutez des personnes à votre organisation, attribuez-leur un rôle et envoyez-leur un lien pour choisir leur mot de passe.
next_audit = Voyez qui s’est connecté, a consulté des dossiers ou a modifié quoi que ce soit dans votre organisation.
next_records_link = Dossiers (API JSON)
next_records = Consultez et filtrez les dossiers de votre organisation ; chaque consultation est tracée dans le journal d’audit.
next_aggregates_link = Décomptes (API JSON)
next_aggregates = Comptez les dossiers par année, pays, forme d’exploitation et plus encore.
next_account = Activez la connexion en deux étapes, ou créez un jeton d’API pour un programme.
about = environ
too_few = trop peu pour être affichés
controlled_note = Pour protéger les personnes derrière les données, les décomptes affichés sont calculés à partir d’une publication avec un bruit aléatoire (environ ±25 personnes dans 95 décomptes sur 100 ; davantage pour les moyens de contrôle et sur de nombreuses années), et les décomptes inférieurs à 11, ou trop petits pour être distingués du bruit, ne sont pas affichés.
busy = Faro vérifie d’autres connexions en ce moment. Patientez une seconde et renvoyez le formulaire.
busy_photos = Faro traite en ce moment les photos d’autres personnes, et rien n’a été envoyé. Revenez en arrière, patientez quelques secondes et renvoyez le formulaire.

## API messages (the words of `{"error": {"message": …}}`)

api-unauthenticated = envoyez un jeton d’API sous la forme `Authorization: Bearer faro_…` (créez-en un sur la page de votre compte ou avec `faro admin token create`), ou connectez-vous sur `/sign-in`
api-csrf-header = un navigateur connecté doit envoyer le jeton CSRF de la page dans `{ $header }`
api-role-forbidden = le rôle `{ $role }` ne peut pas utiliser cette route
api-unavailable = la base de données est injoignable ; réessayez dans un instant
api-internal = une erreur interne s’est produite et a été consignée
api-no-such-path = il n’y a rien à `{ $path }` (l’API est sous `/api/v1` ; voir `/api/v1/openapi.json`)
api-method-not-allowed = ce chemin n’accepte pas cette méthode (voir `/api/v1/openapi.json`)
api-duplicate-parameter = `{ $name }` est donné plusieurs fois : donnez plutôt une seule liste séparée par des virgules
api-unknown-parameter = `{ $name }` n’est pas un paramètre de cette route (acceptés : { $accepted })
api-missing-by = `by` est obligatoire : nommez une à trois dimensions, par exemple `by=year,gender`
api-invalid-scope = `{ $value }` n’est pas une portée : donnez `own` ou `hub`
api-too-narrow = cette requête combine { $dimensions } dimensions (regroupement et filtres ensemble, années comprises ; `source` est libre) ; les lecteurs qui ne peuvent pas lire les fiches en obtiennent au plus { $limit }, pour que personne ne puisse être isolé : retirez une dimension
api-one-value-at-a-time = `{ $dimension }` a plusieurs valeurs par fiche : les lecteurs qui ne peuvent pas lire les fiches le filtrent par une seule valeur à la fois, sans regrouper par lui en même temps ; gardez une valeur ou retirez le filtre
api-invalid-limit = `{ $value }` n’est pas un nombre entier (donnez de 1 à { $max })
api-limit-range = `{ $value }` est hors limites (donnez de 1 à { $max })
api-invalid-cursor = `{ $value }` n’est pas un curseur : passez tel quel le `next_cursor` de la page précédente
api-invalid-id = `{ $value }` n’est pas un identifiant de dossier (un nombre entier)
api-invalid-note-body = envoyez `Content-Type: application/json` et un objet JSON avec un champ `text` ({ $detail })

## Problems with a value (faro-domain, faro-formats): each is read after the value it is about
problem-empty-filter = est vide (donnez une ou plusieurs valeurs séparées par des virgules, ou retirez le filtre)
problem-too-many-values = donne { $count } valeurs ; { $max } au plus sont acceptées (tous les pays y tiennent ; donnez les années sous forme d’intervalle, par exemple `2000..2010`)
problem-not-a-code = n’est pas un code de `{ $dimension }` (attendu : l’un de { $expected }, ou `unknown`)
problem-not-a-source = n’est pas un identifiant de source (un nombre entier positif)
problem-not-a-year-range = n’est ni une année ni un intervalle comme `2015..2018`
problem-given-twice = est donné deux fois (donnez une seule liste séparée par des virgules)
problem-not-a-dimension = n’est pas une dimension (attendu : l’une de { $expected })
problem-dimension-twice = est donnée deux fois
problem-too-many-dimensions = nomme plus de 3 dimensions (regroupez par 3 au plus à la fois)
problem-withdrawn-country = est un code de pays retiré ({ $name }, retiré en { $year }{ $now ->
    [none] {""}
   *[other] , aujourd’hui `{ $now }`
})
problem-not-alpha2 = n’est pas un code de pays ISO 3166-1 alpha-2 (par ex. `US`, `MX`)
problem-not-alpha3 = n’est pas un code de pays ISO 3166-1 alpha-3 (par ex. `USA`, `MEX`)
problem-year-out-of-range = est hors limites (attendu : une année de { $first } à { $last })
problem-not-a-year = n’est pas une année (attendu : une année à 4 chiffres comme `2016`)
problem-not-a-flag = n’est pas un indicateur (attendu : `1`, `0`, ou vide ou `-99` si inconnu)
problem-not-a-term = n’est pas une valeur de cette colonne (attendu : { $expected }, ou vide ou `-99` si inconnu)
problem-not-a-recruiter = nomme `{ $item }`, qui n’est pas une relation avec le recruteur (attendu : `Intimate Partner`, `Friend`, `Family`, `Other` ou `Unknown`, séparés par `;`)
problem-majority-contradicts-age = contredit ageBroad `{ $age }` (tous deux décrivent l’âge à l’enregistrement)
problem-means-contradict = contredit les indicateurs détaillés des moyens de contrôle de ce groupe, qui donnent `{ $derived }`
problem-not-an-email = n’est pas une adresse électronique comme `nom@example.org`
problem-password-too-short = compte { $chars } caractères ; utilisez-en au moins { $min } (quelques mots en font un bon)
problem-password-too-long = compte plus de { $max } caractères
problem-token-name = donnez un nom de 1 à { $max } caractères sans caractères de contrôle ni de direction du texte
problem-case-step = un dossier ne peut pas passer de « { $from } » à « { $to } » : nouveau → évaluation → plan → services → clos, et un dossier clos se rouvre en évaluation
problem-case-self-approval = une étape est approuvée par une personne superviseure qui ne gère pas le dossier et n’a pas demandé l’étape : demandez à une autre
problem-case-text = écrivez au plus { $max } caractères, sans caractères de contrôle ni de direction du texte
problem-case-names = indiquez le nom que la personne utilise, puis jusqu’à { $max } noms en tout
problem-case-ages = indiquez une tranche d’âge dont la borne basse ne dépasse pas la borne haute, toutes deux entre 0 et 120
problem-case-details = indiquez au plus { $max } coordonnées et { $max } documents
problem-not-a-date = n’est pas une date écrite AAAA-MM-JJ, par exemple 2026-03-31
problem-case-plan-empty = écrivez au moins une section du plan
problem-not-a-language = n’est pas un code de langue ISO 639-1 à deux lettres, comme `es`
problem-not-utf8 = n’est pas de l’UTF-8 valide (enregistrez le fichier en UTF-8)
problem-cell-count = la ligne a { $cells } cellules mais l’en-tête en a { $columns } (cherchez un délimiteur manquant ou en trop, ou un guillemet non fermé)
problem-json-incomplete = n’est pas un objet JSON complet (la ligne se termine trop tôt)
problem-json-not-object = n’est pas un objet JSON (chaque ligne doit être un `{"{"}...{"}"}`)
problem-json-invalid = n’est pas du JSON valide (erreur au caractère { $column })
problem-not-a-field = n’est pas un champ CTDC (voir `specs/ctdc.md` pour les noms des champs)
problem-json-value-kind = n’est pas un texte, un nombre, un booléen ou null
problem-line-too-long = la ligne dépasse { $max }

## A rejected input row
row-line = ligne { $line }
row-column = colonne `{ $column }`

## The command line: faro import
cli-import-summary = `{ $file }` importé comme source { $source } : { $read } lignes lues, { $imported } importées, { $rejected } rejetées
cli-import-mismatches = { $count } lignes ont des colonnes dérivées qui contredisent leurs indicateurs (les indicateurs ont été gardés)
cli-import-skipped = `{ $file }` ignoré : le même fichier est déjà importé comme source { $source } ({ $rows } lignes)
cli-import-errors-in = les lignes rejetées sont listées dans `{ $path }`
cli-import-more = ... { $count } autres lignes rejetées : listez-les toutes avec `--errors CHEMIN`
cli-import-rejected = rejetée : `{ $file }` { $row }
cli-import-absent = remarque : `{ $file }` ({ $layout }) n’a pas { $count } colonnes de son format ; leurs faits sont inconnus dans chaque ligne : { $columns }
cli-nothing-imported = rien n’a été importé : { $why }
cli-import-io = impossible de lire `{ $file }` : { $reason }
cli-import-empty = `{ $file }` est vide : il n’a pas de ligne d’en-tête
cli-import-missing-columns = il manque à `{ $file }` les colonnes obligatoires { $columns } : ajoutez-les (leurs cellules peuvent rester vides si l’information est inconnue)
cli-import-unknown-columns = `{ $file }` a des colonnes { $columns } qui n’appartiennent à aucun format CTDC : donnez-leur leur nom CTDC, ou ignorez-les avec `--ignore-column NOM` (une fois par colonne)
cli-import-duplicate-column = `{ $file }` a deux fois la colonne `{ $name }` : supprimez-en une
cli-import-broken = `{ $file }`, ligne { $line } : le fichier ne peut pas être lu au-delà : { $reason }

## Store refusals
store-not-found = { $kind ->
    [record] Le dossier
    [report] Le signalement
    [source] La source
    [token] Le jeton
    [active-token] Le jeton actif
    [organisation] L’organisation
    [release] La publication
    [release-file] Le fichier de publication
    [attachment] La photo
   *[other] { $kind }
} { $id } n’existe pas
store-unknown-name = il n’y a pas d’utilisateur `{ $name }`
store-organisation-exists = une organisation nommée `{ $name }` existe déjà
store-email-taken = un compte avec cette adresse électronique existe déjà (les adresses sont uniques sur l’instance)
store-note-length = une note compte de 1 à { $max } caractères ; celle-ci en a { $chars }
store-not-a-duplicate = `{ $of }` n’est pas un autre signalement de cette organisation ; donnez le numéro du signalement que celui-ci répète
store-not-an-assignee = un signalement ne peut être confié qu’à un opérateur ou un administrateur actif de son organisation
store-report-still-open = le signalement est encore ouvert ; seul un signalement terminé peut être rouvert
store-report-no-contact = la personne qui a signalé a demandé à ne pas être contactée par ce site ; ajoutez plutôt une note
store-report-finished = le signalement est terminé (doublon, enregistré ou clos) ; rouvrez-le d’abord
store-report-in-review = le signalement est déjà en cours d’examen
store-settings-limits = donnez au plus { $max } adresses et une conservation d’au moins un jour
store-two-factor-on = la connexion en deux étapes est déjà activée pour ce compte
store-two-factor-not-started = commencez d’abord à configurer la connexion en deux étapes
store-two-factor-wrong-code = ce n’est pas le code actuel à 6 chiffres de l’application d’authentification (vérifiez l’heure du téléphone)
store-forbidden = ce compte ne peut pas { $action ->
    [act_on_reports] agir sur les signalements
    [administer] administrer cette organisation
    [apply_retention] appliquer la conservation des signalements (seul l’opérateur de l’instance le peut)
    [share_source] changer le partage de cette source
    [own_role] changer son propre rôle (un autre administrateur le peut)
    [see_staff] voir le personnel d’une autre organisation
    [count_reports] compter les signalements
    [token_wider] créer un jeton ayant plus de droits que son utilisateur
    [create_organisation] créer des organisations (l’opérateur de l’instance le fait)
    [token_disabled] créer des jetons tant qu’il est désactivé
    [delete_data] supprimer les données de cette organisation (ses administrateurs ou l’opérateur de l’instance le font)
    [disable_self] désactiver son propre compte (un autre administrateur le peut)
    [import] importer dans cette organisation
    [publish] publier les données de cette organisation
    [read_records] lire des dossiers individuels
    [read_inbox] lire la boîte des signalements
    [remove_abandoned] supprimer les importations abandonnées (l’opérateur de l’instance le fait)
    [remove_default] supprimer l’organisation par défaut (elle contient les importations propres à l’instance)
    [rotate_key] changer la clé des données (seul l’opérateur de l’instance le peut)
    [phone_report] prendre un signalement par téléphone pour cette organisation
    [cancel] annuler un travail lancé par un autre membre (un administrateur le peut)
    [job] lancer un travail en arrière-plan (seuls les membres d’une organisation le peuvent)
   *[other] faire cela
}
store-budget = cette publication dépenserait ε = { $asked } du budget de confidentialité de l’organisation, dont { $spent } sur { $budget } sont déjà dépensés : demandez au plus ε = { $left }, ou demandez à l’opérateur de l’instance d’augmenter `[publish] epsilon_per_organisation`

## Audit actions: `audit-<action>` with `.` as `-`

audit-aggregate-controlled = Décomptes demandés (contrôlés)
audit-backup = Sauvegarde effectuée
audit-case-assign = Dossier attribué ou transféré
audit-case-consent = Consentement enregistré
audit-case-decide = Étape de dossier tranchée
audit-case-erase = Dossier effacé
audit-case-open = Dossier ouvert
audit-case-plan = Plan du dossier enregistré
audit-case-read = Dossiers lus
audit-case-read_refused = Lecture de dossier refusée
audit-case-search = Dossiers recherchés
audit-case-service = Service du dossier enregistré
audit-case-step = Étape du dossier franchie ou demandée
audit-case-task = Tâche du dossier enregistrée
audit-case-update = Personne du dossier modifiée
audit-team-create = Équipe créée
audit-team-member = Membre d’équipe modifié
audit-export = Exportation
audit-import = Importation
audit-job-start = Travail en arrière-plan lancé
audit-job-end = Travail en arrière-plan terminé
audit-key-rotate = Clé de données remplacée
audit-note-create = Note rédigée
audit-notes-read = Notes consultées
audit-intake-chain_opened = Chaîne des arrivées ouverte
audit-organisation-chain_opened = Chaîne d’audit ouverte
audit-organisation-create = Organisation créée
audit-record-erase = Dossier effacé
audit-records-read = Dossiers consultés
audit-records-read_refused = Consultation de dossiers refusée
audit-sign_in = Connexion
audit-sign_in-failed = Connexion échouée
audit-sign_out = Déconnexion
audit-sign_out-everywhere = Déconnexion sur tous les appareils
audit-source-delete = Source supprimée
audit-source-remove_abandoned = Importations abandonnées supprimées
audit-source-share = Partage d’une source modifié
audit-statistics-release = Statistiques publiées (confidentialité différentielle)
audit-token-create = Jeton d’API créé
audit-token-revoke = Jeton d’API révoqué
audit-user-create = Compte ajouté
audit-user-disable = Compte désactivé
audit-user-password_link = Lien de mot de passe créé
audit-user-password_set = Mot de passe choisi
audit-user-display_name = Nom visible modifié
audit-user-role = Rôle modifié
audit-user-two_factor_off = Connexion en deux étapes désactivée
audit-user-two_factor_on = Connexion en deux étapes activée

## Vocabularies: one message per term, `<vocabulary>-<code>`

gender-female = Femme
gender-male = Homme
gender-transgender = Transgenre ou non conforme
age-0_8 = 0–8
age-9_17 = 9–17
age-18_20 = 18–20
age-21_23 = 21–23
age-24_26 = 24–26
age-27_29 = 27–29
age-30_38 = 30–38
age-39_47 = 39–47
age-48_plus = 48 et plus
majority-adult = Adulte
majority-minor = Mineur·e
datasource-case_management = Gestion de dossiers
datasource-hotline = Ligne d’assistance
traffick_months-0_12 = Jusqu’à 12 mois
traffick_months-13_24 = De 13 à 24 mois
traffick_months-25_plus = 25 mois ou plus
exploitation-forced_labour = Travail forcé
exploitation-sexual_exploitation = Exploitation sexuelle
exploitation-other_exploitation = Autre exploitation
exploitation-sex_and_labour = Exploitation sexuelle et travail forcé
exploitation-forced_marriage = Mariage forcé
exploitation-forced_military = Service militaire forcé
exploitation-organ_removal = Prélèvement d’organes
exploitation-slavery_and_practices = Esclavage et pratiques analogues
labour-agriculture = Agriculture
labour-aquafarming = Aquaculture
labour-begging = Mendicité
labour-construction = Bâtiment et travaux publics
labour-domestic_work = Travail domestique
labour-hospitality = Hôtellerie et restauration
labour-illicit_activities = Activités illicites
labour-manufacturing = Industrie manufacturière
labour-mining_or_drilling = Mines ou forages
labour-peddling = Vente ambulante
labour-transportation = Transport
labour-other = Autre
labour-not_specified = Non précisé
sex-prostitution = Prostitution
sex-pornography = Pornographie
sex-remote_interactive_services = Services interactifs à distance
sex-private_sexual_services = Services sexuels privés
means_detail-debt_bondage = Servitude pour dettes
means_detail-takes_earnings = Confiscation des gains
means_detail-restricts_financial_access = Restreint l’accès à l’argent
means_detail-threats = Menaces
means_detail-psychological_abuse = Violences psychologiques
means_detail-physical_abuse = Violences physiques
means_detail-sexual_abuse = Violences sexuelles
means_detail-false_promises = Fausses promesses
means_detail-psychoactive_substances = Substances psychoactives
means_detail-restricts_movement = Restreint la liberté de mouvement
means_detail-restricts_medical_care = Restreint l’accès aux soins
means_detail-excessive_working_hours = Horaires de travail excessifs
means_detail-uses_children = Se sert des enfants
means_detail-threat_of_law_enforcement = Menace de dénonciation aux autorités
means_detail-withholds_necessities = Prive du nécessaire
means_detail-withholds_documents = Confisque les papiers d’identité
means_detail-other = Autre
means_detail-not_specified = Non précisé
means-debt_bondage_earnings = Servitude pour dettes ou confiscation des gains
means-threats = Menaces
means-abuse = Violences psychologiques, physiques ou sexuelles
means-false_promises = Fausses promesses
means-drugs_alcohol = Drogues ou alcool
means-deny_basic_needs = Prive des besoins essentiels
means-excessive_work_hours = Horaires de travail excessifs
means-withhold_docs = Confisque les papiers d’identité
recruiter-intimate_partner = Partenaire intime
recruiter-friend = Ami·e
recruiter-family = Famille
recruiter-other = Autre
recruiter-unknown_relation = Relation enregistrée comme inconnue
modality-sexual_exploitation = Exploitation sexuelle
modality-forced_labour = Travail forcé
modality-domestic_servitude = Servitude domestique
modality-forced_criminality = Criminalité forcée
modality-forced_marriage = Mariage forcé
modality-forced_begging = Mendicité forcée
modality-illegal_adoption = Adoption illégale
modality-organ_removal = Prélèvement d’organes
modality-other = Autre (service militaire forcé, esclavage et pratiques analogues, autre)
role-admin = Administration
role-analyst = Analyse
role-operator = Écoute (ligne d’assistance)
role-caseworker = Accompagnement des dossiers
role-viewer = Consultation (agrégats seulement)

## Reports: the public pages, the inbox, their vocabularies and audit actions
audit-report-ask = Question à un auteur de signalement
audit-report-attachment = Photo de signalement ouverte
audit-report-close = Signalement clos
audit-report-codes = Signalement codé
audit-report-delete = Signalements clos supprimés
audit-report-duplicate = Signalement marqué comme doublon
audit-report-message = Message de l'auteur du signalement
audit-report-note = Note sur un signalement
audit-report-assign = Signalement confié
audit-report-promote = Signalement devenu un enregistrement
audit-report-read = Signalement consulté
audit-report-reopen = Signalement rouvert
audit-report-reply = Réponse à un auteur de signalement
audit-report-review = Signalement pris en examen
audit-report-submit = Signalement reçu
audit-reports-list = Signalements listés
channel-chat = Messagerie
channel-phone = Appel à la ligne
channel-sms = SMS
channel-web = Formulaire web
emergency-ambulance = Ambulance
emergency-emergency = Services d'urgence
emergency-hotline = Ligne d'écoute contre la traite
emergency-police = Police
photo-not_an_image = Photos : un fichier n'est pas une image lisible. N'envoyez que des images JPEG, PNG, WebP ou GIF.
photo-too_large = Photos : une image dépasse { $megabytes } Mo. Envoyez-en une plus petite.
photo-too_many = Photos : envoyez au plus { $max } images à la fois.
photo-too_many_pixels = Photos : une image dépasse { $megapixels } mégapixels. Envoyez-en une plus petite.
report-answer_stored = Votre réponse est enregistrée. Merci.
report-broken_form = Le formulaire est arrivé incomplet. Merci de le renvoyer.
report-contact_hint = Seulement si vous avez choisi le téléphone ou le courriel. Nous ne l'utilisons que pour vous joindre au sujet de ce signalement.
report-danger_no = Non, pas en ce moment
report-danger_question = Quelqu'un est-il en danger en ce moment ?
report-danger_yes = Oui, quelqu'un est en danger maintenant
report-emergency_after = Si quelqu’un est en danger en ce moment, appelez tout de suite l’un de ces numéros. Votre signalement est enregistré.
report-receipt_later = Plus tard, consultez les réponses de l’équipe ou ajoutez des informations avec ce code
report-answer_kept = Ce que vous avez écrit comme réponse est gardé : il sera envoyé dès que le code ouvrira votre signalement.
report-emergency_intro = Si quelqu'un est en danger en ce moment, appelez d'abord l'un de ces numéros. Puis racontez-nous ce qui s'est passé ci-dessous.
report-emergency_title = Appelez à l'aide maintenant
report-exit = Quitter ce site rapidement
report-field-ages = Quel âge ont-elles ?
report-field-code = Code de reçu
report-field-contact = Pouvons-nous vous contacter ?
report-field-contact_detail = Numéro de téléphone ou adresse électronique
report-field-country = Pays
report-field-genders = Qui sont-elles ?
report-field-lat = Latitude
report-field-lon = Longitude
report-field-people = Combien de personnes, environ ?
report-field-photos = Photos (facultatif)
report-field-place = Lieu
report-field-signs = Avez-vous remarqué l'un de ces signes ?
report-field-text = Votre réponse ou plus d'informations
report-field-what = Ce qui s'est passé
report-field-when = Quand cela s'est-il passé ?
report-follow_up_intro = Saisissez le code de reçu à 16 chiffres reçu à l'envoi de votre signalement.
report-follow_up_link = Déjà signalé ? Suivez votre signalement avec votre code de reçu
report-follow_up_title = Suivre votre signalement
report-form_intro = Seule la première question est nécessaire. Répondez à ce que vous savez et laissez le reste.
report-from_staff = L'équipe
report-from_you = Vous
report-gender-female = Des femmes ou des filles
report-gender-male = Des hommes ou des garçons
report-gender-transgender = Des personnes transgenres ou non binaires
report-intro = Vous n'avez pas besoin de compte ni de donner votre nom. Ce que vous nous dites va à une équipe qui aide les personnes exploitées.
report-needs_answer = L'équipe a une question pour vous : merci de répondre ci-dessous.
report-not_multipart = Le signalement n'a pas été envoyé comme un formulaire. Renvoyez-le depuis la page de signalement.
report-not_sure = Je ne sais pas
report-open = Ouvrir mon signalement
report-photos_hint = Jusqu'à { $max } images de { $megabytes } Mo chacune. Nous en retirons la position et tout autre détail caché.
report-photos_sent = { $count ->
    [one] { $count } photo envoyée
   *[other] { $count } photos envoyées
}
report-place_hint = Une ville, une rue, un commerce ou un lieu connu.
report-problem-control_character = { $field } : ce champ contient des caractères impossibles à envoyer. Merci de retaper le texte.
report-problem-missing = { $field } : merci de remplir ce champ.
report-problem-not_a_choice = { $field } : choisissez l'une des réponses proposées.
report-problem-out_of_range = { $field } : indiquez un nombre entier de { $min } à { $max }.
report-problem-too_long = { $field } : ce champ accepte au plus { $max } caractères et vous en avez écrit { $chars }. Merci de le raccourcir.
report-problems = Vérifiez ce qui est indiqué ci-dessous ; rien de ce que vous avez écrit n'est perdu.
report-receipt_code = Votre code de reçu :
report-receipt_keep = Gardez ce code en lieu sûr, comme un numéro de téléphone. Il vous permet de voir les réponses et questions de l'équipe et d'ajouter des informations. Nous ne pourrons pas vous le remontrer.
report-receipt_shape = Un code de reçu a 16 chiffres, comme 1234 5678 9012 3456. Vérifiez-le et saisissez-le à nouveau.
report-receipt_stored = Merci. Votre signalement est enregistré en sécurité et une équipe va le lire.
report-receipt_throttled = Trop de codes erronés ont été essayés. Attendez quelques minutes et réessayez.
report-receipt_title = Votre signalement est enregistré
report-receipt_unknown = Aucun signalement n'a ce code de reçu. Vérifiez chaque chiffre et réessayez.
report-required = (nécessaire)
report-safety_exit = Le bouton « Quitter ce site rapidement », en haut, ouvre aussitôt un site ordinaire.
report-safety_nothing_kept = Nous ne gardons aucune adresse, aucun détail de l'appareil ni aucun cookie qui pourrait vous identifier.
report-safety_private = Utilisez une fenêtre de navigation privée, pour que ce site ne reste pas dans l'historique du navigateur.
report-safety_shared = Si d'autres personnes utilisent ce téléphone ou cet ordinateur, faites le signalement depuis un autre appareil si vous le pouvez.
report-safety_title = Restez en sécurité pendant votre signalement
report-send = Envoyer le signalement
report-send_answer = Envoyer
report-signs_hint = Cochez ce que vous avez remarqué, le cas échéant.
report-status = État
report-title = Signaler une situation de traite
report-too_many_parts = Le formulaire a envoyé trop de champs. Renvoyez-le depuis la page de signalement.
report-what_hint = Qu'avez-vous vu ou entendu ? Qui était là, que leur faisait-on faire ?
report-where = Où cela s'est-il passé ?
report-who = Qui est concerné ?
report_age-adults = Des adultes
report_age-children = Des enfants (moins de 18 ans)
report_contact-email = Par courriel
report_contact-follow_up = Par ce site, avec mon code de reçu
report_contact-none = Ne me contactez pas
report_contact-phone = Par téléphone
report_sign-cannot_leave = Elles ne peuvent pas partir ni circuler librement
report_sign-deceived = On leur avait promis un autre travail ou une autre vie
report_sign-deprived = Elles manquent de nourriture, de sommeil ou de soins
report_sign-documents_taken = On leur a pris leur passeport ou leurs papiers
report_sign-forced_marriage = On force quelqu'un à se marier
report_sign-forced_sex = On les force à vendre du sexe
report_sign-forced_work = On les force à travailler
report_sign-hurt = Elles sont battues ou blessées
report_sign-long_hours = Elles travaillent de très longues heures
report_sign-not_paid = Elles ne sont pas payées, ou on leur prend leur salaire
report_sign-owes_debt = Elles ont une dette qui ne finit jamais
report_sign-threatened = Elles ou leur famille sont menacées
report_status-closed = Clos
report_status-duplicate = Doublon
report_status-in_review = En cours d'examen
report_status-needs_information = En attente d'informations
report_status-new = Nouveau
report_status-promoted = Devenu un enregistrement
report_when-earlier = Il y a plus d'un an
report_when-ongoing = Cela se passe maintenant
report_when-past_month = Le mois dernier
report_when-past_week = La semaine dernière
report_when-past_year = L'année dernière

## API messages of the reports inbox
api-not-a-choice = `{ $value }` n'est pas une valeur de `{ $name }` (valeurs acceptées : { $accepted })

## The reports inbox
inbox = Signalements reçus
inbox-assignee = Confié à
inbox-nobody = Personne
inbox-assign = Confier
inbox-assign_to = Confier ce signalement à
inbox-done-assign = Le signalement est confié.
inbox-bad_assignee = Un signalement ne peut être confié qu’à un opérateur ou un administrateur actif de votre organisation. Choisissez-en un dans la liste.
inbox-duplicate = Marquer comme doublons
inbox-bulk = Avec les signalements cochés
inbox-bulk_choose = Choisir le signalement
inbox-bulk_assignee = Confier à
inbox-bulk_reason = Motif de clôture
inbox-bulk_of = Doublons du signalement numéro
inbox-bulk_apply = Appliquer aux signalements choisis
inbox-bulk_none = Cochez d’abord au moins un signalement de la liste.
inbox-bulk_too_many = Choisissez au plus 50 signalements à la fois.
inbox-bulk_changed = { $count ->
    [one] Un signalement modifié.
   *[other] { $count } signalements modifiés.
}
inbox-bulk_unchanged = Non modifiés : { $ids } (ouvrez chacun pour savoir pourquoi ; un signalement clos doit d’abord être rouvert).
inbox-act = Traiter ce signalement
inbox-action_not_allowed = L'état du signalement ne le permet pas : un signalement terminé doit d'abord être rouvert, un signalement en examen ne peut pas être repris, et une personne qui a demandé à ne pas être contactée ne reçoit pas de message (ajoutez une note).
inbox-add_note = Ajouter une note interne
inbox-any = Tous
inbox-apply = Appliquer
inbox-ask = Poser une question
inbox-bad_codes = Un code ou le pays n'est pas valide. Choisissez-les à nouveau dans les listes.
inbox-bad_filter = Un filtre n'est pas valide. Choisissez à nouveau les filtres dans le formulaire.
inbox-caller_danger = Quelqu'un est en danger en ce moment
inbox-channel = Canal
inbox-close = Clore le signalement
inbox-close_reason = Motif de clôture
inbox-codes = Codes HTCDS et pays
inbox-conversation = Conversation
inbox-done-ask = Votre question est envoyée ; le signalement attend des informations.
inbox-done-close = Le signalement est clos.
inbox-done-codes = Les codes sont enregistrés.
inbox-done-duplicate = Le signalement est marqué comme doublon.
inbox-done-note = La note est ajoutée.
inbox-done-promote = Le signalement est désormais un enregistrement de votre source d’accueil.
inbox-done-reopen = Le signalement est rouvert.
inbox-done-reply = Votre réponse est envoyée.
inbox-done-review = Le signalement est en examen.
inbox-duplicate_number = Numéro du signalement que celui-ci répète
inbox-duplicate_of = Doublon de
inbox-duplicate_unknown = Indiquez le numéro d'un autre signalement de votre organisation, par exemple 12.
inbox-empty = Aucun signalement ne correspond à ces filtres.
inbox-filters = Filtres
inbox-finish = Enregistrer, marquer comme doublon ou clore
inbox-intro = Tous les signalements de tous les canaux : formulaire web, appels, SMS et messagerie. Les urgents d'abord.
inbox-mark_duplicate = Marquer comme doublon
inbox-means = Moyens de contrôle
inbox-message = Message
inbox-message_hint = Une réponse ou une question va à l'auteur du signalement (dans sa langue si possible) ; une note reste interne.
inbox-modality = Type d'exploitation
inbox-new = Enregistrer un appel
inbox-new_intro = Remplissez ce formulaire pendant l'appel. Posez les questions d'une ligne d'écoute ; laissez de côté ce que la personne ne sait pas.
inbox-next = Suivant
inbox-not_urgent = Non urgent
inbox-note = Note interne
inbox-number = Numéro
inbox-pages = Pages
inbox-photo = Photo
inbox-point = Point sur la carte
inbox-previous = Précédent
inbox-promote = En faire un enregistrement
inbox-promote_hint = Crée un enregistrement (pour les statistiques) dans la source d’accueil de l’organisation à partir des codes, du pays, des âges et des genres de ce signalement. La conversation continue.
inbox-promoted_to = Devenu l’enregistrement
inbox-read_receipt = Lisez ce code de reçu à la personne, pour qu'elle puisse suivre son signalement sur le web :
inbox-reason_needed = Indiquez pourquoi le signalement est clos (500 caractères au plus).
inbox-received = Reçu
inbox-reopen = Rouvrir
inbox-reply = Répondre
inbox-report = Signalement
inbox-reporter = Auteur du signalement
inbox-review = Prendre en examen
inbox-save_call = Enregistrer le signalement de l'appel
inbox-save_codes = Enregistrer les codes
inbox-shown = Signalements { $first } à { $last } sur { $total }
inbox-taken = Le signalement de l'appel est enregistré :
inbox-text_needed = Écrivez d'abord le message (5 000 caractères au plus).
inbox-unknown_action = Cette action n'est pas proposée ici.
inbox-urgency = Urgence
inbox-urgent = Urgent

## The reports inbox: a report's facts
inbox-ages = Âges
inbox-contact = Contact
inbox-contact_detail = Téléphone ou courriel
inbox-genders = Genres
inbox-people = Personnes
inbox-signs = Signes remarqués
inbox-when = Quand

## API messages: body size
api-too-large = le corps de la requête dépasse { $max } Mio : envoyez moins à la fois

## Reports: a form sent twice
report-already_sent = Ce formulaire a déjà été envoyé et le signalement est enregistré. Si vous n'avez pas vu de code de reçu, rouvrez la page de signalement et envoyez-en un nouveau.

## API messages: numbers
api-number-range = `{ $value }` n'est pas un nombre entier de { $min } à { $max }

## SMS and chat gateways, urgent notices
inbox-done-ask_sent = Votre question est envoyée au téléphone de l'auteur du signalement ; le signalement attend des informations.
inbox-done-not_relayed = Votre message est enregistré, mais la passerelle SMS ne l'a pas accepté : la personne ne l'a pas reçu. Réessayez plus tard ou contactez-la autrement.
inbox-done-reply_sent = Votre réponse est envoyée au téléphone de l'auteur du signalement.
notify-body = Un signalement urgent est arrivé : quelqu'un est peut-être en danger maintenant. Connectez-vous pour le lire.
notify-subject = Faro : un signalement urgent est arrivé
sms-added = Merci, nous l'avons ajouté à votre signalement.
sms-bad-signature = la signature de la requête ne correspond pas au secret de ce canal : vérifiez l'URL du webhook et le secret de la passerelle
sms-invalid-body = envoyez un objet JSON avec `id` (l’identifiant du message, de 1 à 128 caractères), `sent_at` (secondes Unix), `from` et `text` (chaînes), et rien d’autre
sms-invalid-sender = l'expéditeur n'est ni un numéro au format E.164 (`+` et 6 à 20 chiffres) ni un identifiant de messagerie
sms-no-message-id = un message Twilio sans `MessageSid` : Faro en a besoin pour distinguer un nouveau message d’un message renvoyé
sms-invalid-text = le message doit contenir de 1 à 5 000 caractères de texte
sms-received = Merci. Votre signalement est enregistré et une équipe va le lire. Répondez à ce numéro pour ajouter quelque chose.
sms-stale-message = le `sent_at` du message est à plus de cinq minutes de l’horloge de ce serveur : un message retardé ou rejoué est refusé ; vérifiez les deux horloges
sms-unknown-channel = aucun canal SMS ou de messagerie ne porte ce nom : vérifiez `[[reports.sms]]` dans la configuration

## The reports inbox: places
inbox-city = Ville
inbox-city_hint = Une ville de 15 000 habitants ou plus place le signalement sur la carte, au centre de la ville (GeoNames, hors ligne). Laissez vide pour garder le point du signalement.
inbox-city_unknown = Aucune ville de ce nom n'est connue dans le pays choisi. Vérifiez l'orthographe, choisissez le pays ou laissez la ville vide.

## Home: reporting and the inbox
home_report_intro = Vous avez vu ou entendu que quelqu'un est exploité ? Dites-le-nous, sans compte et sans donner votre nom.
home_report_link = Signaler une situation
home_staff = Personnel
next_call = Remplissez un signalement pendant un appel.
next_inbox = Signalements du public, appels, SMS et messagerie : les urgents d'abord.

## Reports: the optional map
report-map_clear = Retirer la marque
report-map_failed = La carte n'a pas pu être chargée ; décrivez le lieu avec des mots.
report-map_hint = Touchez la carte là où cela s'est passé. Choisissez d'abord le pays pour le voir de plus près.
report-map_marked = Marqué sur la carte :
report-map_open = Marquer le lieu sur une carte (facultatif)

## Analysis hub
hub = Centre d’analyse
next_hub_link = Centre d’analyse
next_hub = Voyez les foyers, les routes et les tendances sur une carte et en graphiques, et imprimez une note pour les autorités.
digit-group =  
# How many digits a number needs before it is grouped (CLDR minimumGroupingDigits + 3: Spanish writes 1234 but 12.345).
digit-group-min = 1
value-unknown = Inconnu
dimension-year = Année
dimension-gender = Genre
dimension-age = Âge
dimension-majority = Majeur ou mineur
dimension-citizenship = Nationalité
dimension-exploitation_country = Pays d’exploitation
dimension-modality = Forme d’exploitation
dimension-means = Moyens de contrôle
dimension-means_detail = Moyens de contrôle (détaillés)
dimension-labour = Secteur du travail forcé
dimension-sex = Forme d’exploitation sexuelle
dimension-recruiter = Lien avec le recruteur
dimension-source = Source
dimension-traffick_months = Durée de la traite
hub-figure-records = Dossiers
hub-filters = Filtres
hub-year-from = de
hub-year-to = à
hub-display = Affichage
hub-scope = Données
hub-scope-own = Notre organisation
hub-scope-hub = Avec les sources partagées par d’autres organisations
hub-map-by = Carte par
hub-top = Couloirs affichés
hub-resolution = Cellules des foyers
hub-resolution-auto = selon la carte
hub-apply = Appliquer
hub-clear = Effacer
hub-active = Filtres actifs
hub-remove = retirer ce filtre
hub-brief = Note imprimable
hub-records = Dossiers derrière ces chiffres
hub-layers = Couches
hub-view-countries = Carte des pays
hub-view-routes = Routes
hub-view-series = Dossiers par année et forme d’exploitation
hub-view-modality = Formes d’exploitation
hub-view-means = Moyens de contrôle
hub-view-age = Âge
hub-view-gender = Genre
hub-view-recruiter = Lien avec le recruteur
hub-view-labour = Secteurs du travail forcé
hub-view-hotspots = Foyers
hub-map-hint = Choisissez un pays pour y restreindre toutes les vues ; les flèches vont de la nationalité au pays d’exploitation.
hub-download = Télécharger
hub-no-corridors = Aucun couloir entre pays connus dans cette sélection.
hub-corridor = Couloir
hub-count = Personnes
hub-drop = Retirez l’un de ces filtres :
hub-too-narrow = Cette vue combinerait { $dimensions } dimensions, années comprises ; les lecteurs qui ne peuvent pas lire les fiches en obtiennent au plus { $limit }, pour que personne ne puisse être isolé.
hub-one-value = { $dimension } a plusieurs valeurs par fiche : les lecteurs qui ne peuvent pas lire les fiches voient cette vue filtrée par une seule d’entre elles à la fois, et pas quand elle montre { $dimension } lui-même.
hub-chart-noise = Décomptes issus des publications à confidentialité différentielle des sources : chacun est à ±{ $margin } du décompte réel dans 95 cas sur 100 ; les décomptes inférieurs à { $shown } ne sont pas affichés.
hub-narrow-short = Non affiché : les filtres sont trop étroits pour votre rôle.
hub-hidden = moins de { $threshold }
hub-hidden-short = trop peu pour être affiché
hub-none-shown = moins de { $shown }, ou aucun
hub-no-records = aucun dossier
hub-cell-near = Signalements près de { $city } ({ $country })
hub-cell-at = Signalements autour de { $point }
hub-channel = Canal du signalement
hub-status = Statut du signalement
hub-domestic = dans le pays
hub-hotspots-summary = Foyers : { $reports } signalements situés, dans { $cells } cellules (résolution { $resolution }).
hub-back = Retour au centre d’analyse
hub-print-hint = Imprimez cette page ou enregistrez-la en PDF depuis le navigateur.
hub-brief-title = Note : données sur la traite des êtres humains
hub-brief-date = Établie le
hub-no-filters = Tous les dossiers, sans filtre.
hub-figures = Chiffres clés
hub-method = Méthode et qualité des données
hub-figure-countries = Pays d’exploitation
hub-figure-citizenships = Nationalités
hub-figure-years = Années
hub-figure-top-corridor = Couloir principal
hub-figure-reports = Signalements situés
hub-note-counting = Chaque dossier est une victime de traite identifiée, comptée l’année de son enregistrement. Les graphiques comptent les dossiers qui passent les filtres ; le total compte chaque dossier une fois.
hub-note-unknown = { $dimension } : inconnu pour { $share } % des dossiers.
hub-note-released = La plus ancienne publication dont viennent ces décomptes a été faite le { $date } ; une source est publiée à nouveau quand elle change, au plus une fois par jour et quelques fois par an.
hub-note-controlled = Contrôle de divulgation : ces décomptes viennent de la publication à confidentialité différentielle de chaque source, avec un bruit aléatoire sur chaque décompte ; les groupes de moins de { $threshold } personnes et les décomptes trop petits pour être distingués du bruit ne sont pas affichés, pour que personne ne puisse être reconnu ; les totaux peuvent donc différer de la somme de leurs parties.
hub-note-multi = Une personne peut avoir subi plusieurs formes d’exploitation ou moyens de contrôle : ces graphiques peuvent donc totaliser plus que le total.
hub-note-sources = Les dossiers proviennent des dossiers de suivi, des lignes d’écoute et des signalements des organisations, codés selon la norme HTCDS/CTDC. Ils décrivent des victimes identifiées, pas l’ampleur de la traite.
hub-records-total = { $total } dossiers correspondent à ces filtres.
hub-records-none = Aucun dossier ne correspond à ces filtres.
hub-record-number = Dossier
hub-record = Dossier
hub-first-page = Première page
hub-back-records = Retour à la liste
hub-zoom-in = Zoom avant
hub-zoom-out = Zoom arrière
hub-zoom-reset = Carte entière
hub-invalid-map = `{ $value }` n’est pas une carte : utilisez `exploitation_country` ou `citizenship`.
hub-invalid-top = `{ $value }` n’est pas un nombre de couloirs : donnez un nombre entier de 1 à 50.
hub-invalid-res = `{ $value }` n’est pas une résolution de foyers : donnez un nombre entier de 1 (grossière) à 7 (fine).
hub-invalid-code = `{ $value }` n’est pas une valeur de { $name } (attendu : { $accepted }).
audit-hub-view = Centre d’analyse consulté
audit-hub-export = Tableau ou graphique du centre téléchargé
audit-hub-brief = Note rédigée

## Analysis hub: hotspots
hub-hotspots-filters = Les foyers comptent des signalements : seuls l’année, le pays d’exploitation, le canal et le statut les filtrent.

## Sources: import and export in the browser, deletions
sources = Données
sources-statistics-title = Ce que voient les lecteurs et les autres organisations
sources-statistics-about = Ils obtiennent leurs réponses de la publication à confidentialité différentielle de chaque source, faite en arrière-plan quand la source change (au plus une fois par jour, dans un budget annuel de confidentialité par source).
sources-statistics-pending = #{ $source } : pas encore publiée ; ses décomptes ne leur sont pas montrés.
sources-statistics-current = #{ $source } : publiée le { $date }, à jour.
sources-statistics-changed = #{ $source } : publiée le { $date } ; modifiée depuis, elle sera bientôt publiée à nouveau.
sources-statistics-cap-spent = #{ $source } : le budget de confidentialité de cette année est épuisé ; la publication du { $date } est montrée jusqu’en janvier (l’opérateur peut augmenter le budget : faro admin org budgets).
sources_list = Sources
sources_none = Cette organisation n’a encore aucune source : importez un fichier ci-dessus.
source_number = Source
source_name = Nom
source_records = Dossiers
source_rejected = Lignes rejetées
source_when = Importée
source_shared = Partagée avec le hub
source_hash = Empreinte du fichier (SHA-256)
source_delete = Supprimer la source
source_delete_warning = La source, tous ses dossiers et leurs notes seront supprimés définitivement. Le journal d’audit garde le nom de la source, son empreinte et le nombre de dossiers, pas leur contenu.
source_deleted = La source et ses dossiers ont été supprimés ; le journal d’audit l’indique.
import_title = Importer un fichier
import_help = Un fichier CTDC dans n’importe quel format (A, B ou C) ou des lignes JSON de Faro. Chaque fichier devient une source ; un fichier déjà importé est ignoré ; les lignes illisibles sont listées dans un fichier d’erreurs et le reste est importé.
import_file = Fichier
import_file_hint = Jusqu’à { $megabytes } Mo. Pour des fichiers plus grands, utilisez faro import sur le serveur.
import_layout = Format
import_layout_auto = Détecter d’après l’en-tête
import_layout_a = CTDC format A (jeu de données mondial)
import_layout_b = CTDC format B (synthétique 2021)
import_layout_c = CTDC format C (synthétique 2024 et suivants)
import_layout_jsonl = Lignes JSON de Faro
import_start = Importer
import_jobs = Imports récents
import_started = Commencé
import_done = Importé
import_skipped = Déjà importé
import_failed_short = Échec
import_job = Import
import_progress = Part du fichier lue
import_running_counts = { $read } lignes lues jusqu’ici, { $rejected } rejetées.
import_refresh = Cette page se met à jour jusqu’à la fin de l’import ; vous pouvez la quitter et revenir depuis la page Données.
import_summary = Importé comme source n° { $source } : { $read } lignes lues, { $imported } importées, { $rejected } rejetées.
import_already = Ce fichier est déjà importé comme source n° { $source } ({ $imported } dossiers) : rien n’a été ajouté.
import_rejected_help = Des lignes ont été rejetées. Le fichier d’erreurs indique pour chacune la ligne, la colonne, la valeur et la raison : corrigez-les et importez les lignes corrigées dans un nouveau fichier.
import_errors_csv = Télécharger les erreurs (CSV)
import_nothing_kept = Rien de ce fichier n’a été importé. Corrigez le fichier et envoyez-le à nouveau.
import_no_file = Choisissez un fichier à importer : le formulaire est arrivé sans fichier, ou le fichier était vide.
import_layout_invalid = Choisissez un format dans la liste.
import_ignore = Colonnes à ignorer (facultatif)
import_ignore_hint = Noms des colonnes qui ne sont pas du CTDC, séparés par des virgules, tels que l’erreur les nomme : l’import les laisse de côté au lieu de refuser le fichier.
import_ignore_unnamed = Ignorer les colonnes sans nom (les numéros de ligne d’un tableur, par exemple)
import_ignore_invalid = La liste des colonnes à ignorer est trop longue : donnez au plus 4 000 caractères.
import_gone = Cet import est inconnu (ou ne l’est plus) : les imports terminés restent ici 30 jours. Sa source, s’il a abouti, est sur la page Données.
import_running = L’import est toujours en cours : son fichier d’erreurs sera prêt à la fin.
import_failed = L’import n’a pas pu être écrit dans la base de données ; rien n’a été gardé. Réessayez plus tard ou demandez à l’administrateur.
import_unreadable = Le fichier n’a pas pu être lu.
import_empty = Le fichier est vide : il n’a pas de ligne d’en-tête.
import_missing_columns = Il manque au fichier des colonnes obligatoires (ajoutez-les ; leurs cellules peuvent rester vides si elles sont inconnues) :
unnamed_column = (colonne sans nom { $n })
import_unknown_columns = Le fichier a des colonnes qui n’appartiennent à aucun format CTDC (renommez-les selon CTDC ou supprimez-les) :
import_duplicate_column = Le fichier a une colonne en double (supprimez-en une) :
import_broken = Le fichier ne peut pas être lu au-delà de cette ligne (vérifiez ses guillemets et séparateurs) :
export_title = Exporter des dossiers
export_help = Tous les dossiers de cette organisation. Pour n’en exporter que certains, filtrez-les dans le centre d’analyse et exportez-les depuis sa liste de dossiers.
export_a = CTDC format A (CSV)
export_c = CTDC format C (CSV)
export_jsonl = Lignes JSON de Faro
record_erase = Effacer ce dossier
record_erase_warning = Le dossier et ses notes seront effacés définitivement, et tous les comptages sont recalculés sans lui. Le journal d’audit dit qu’un dossier a été effacé et pourquoi, jamais ce qu’il contenait.
record_erased = Le dossier a été effacé ; le journal d’audit dit pourquoi.{ $withdrawn ->
    [0] {""}
    [one] {" "}Une publication qui le contenait a été retirée : elle est privée désormais et ne peut plus être rendue publique.
   *[other] {" "}{ $withdrawn } publications qui le contenaient ont été retirées : elles sont privées désormais et ne peuvent plus être rendues publiques.
}
erasure_reason = Motif
erasure_reason_choose = Choisissez un motif
erasure_reason_missing = Choisissez pourquoi le dossier est effacé.
erasure_subject_request = La personne l’a demandé
erasure_wrong_data = Le dossier est erroné
erasure_duplicate = Il fait double emploi avec un autre
erasure_legal_order = Un tribunal ou une autorité l’a ordonné
confirm_understood = Je comprends que cela ne peut pas être annulé.
confirm_missing = Cochez la case pour confirmer : rien n’a été supprimé.
leave = Supprimer cette organisation
leave_help = Quand l’organisation quitte ce Faro : emportez ses dossiers et son journal d’audit, puis supprimez tout ce qu’elle a ici.
leave_warning = Toutes les sources et tous les dossiers, notes, signalements, utilisateurs et jetons de l’organisation seront supprimés définitivement, et chacun est déconnecté. Son journal d’audit est clos par une dernière entrée et conservé. Téléchargez d’abord ce que l’organisation emporte :
leave_take_records = Ses dossiers (lignes JSON de Faro)
leave_take_chain = Son journal d’audit (lignes JSON)
leave_type_name = Pour confirmer, tapez le nom de l’organisation :
leave_name_mismatch = Tapez exactement le nom de l’organisation et cochez la case : rien n’a été supprimé.
organisation_removed = L’organisation a été supprimée et vous êtes déconnecté. Son journal d’audit est conservé, clos.
audit-organisation-remove = Organisation supprimée

## Sources: the default organisation stays
leave_default = L’organisation par défaut contient les imports propres à cette instance et ne peut pas être supprimée.

## An organisation's settings
org_settings = Paramètres de l’organisation
org_settings_help = Ces paramètres ne valent que pour cette organisation ; l’administrateur de l’instance fixe le reste dans le fichier de paramètres de Faro. Chaque changement est inscrit au journal d’audit.
settings_retention = Garder les signalements clos pendant (jours)
settings_retention_hint = Vide : aussi longtemps que l’instance les garde ({ $days } jours). Vous pouvez choisir moins de jours, pas plus.
settings_notify = Écrire à ces personnes quand un signalement urgent arrive
settings_notify_hint = Une adresse par ligne, { $max } au plus. Le message dit seulement qu’un signalement urgent est arrivé, jamais ce qu’il contient.
settings_notify_off = Cette instance n’a pas encore de paramètres de courriel : demandez à son administrateur de les ajouter, sinon aucun courriel n’est envoyé.
settings_save = Enregistrer
settings_saved = Les paramètres ont été enregistrés ; le journal d’audit dit ce qui a changé.
settings_retention_invalid = Indiquez un nombre entier de jours entre 1 et la durée de l’instance, ou laissez vide. Rien n’a été enregistré.
settings_email_invalid = Une des adresses n’est pas une adresse de courriel : corrigez-la. Rien n’a été enregistré.
settings_too_many_addresses = Trop d’adresses : indiquez-en dix au plus. Rien n’a été enregistré.
audit-organisation-settings = Paramètres de l’organisation modifiés

## Sources: a long errors file
import_errors_cut = Tant de lignes ont été rejetées que le fichier d’erreurs ne liste que les premières (8 Mo). Corrigez-les, ou importez avec faro import sur le serveur pour la liste complète.

## Publishing: the report and the datasheet
publish_report_title = Rapport de publication : utilité et risque de divulgation
publish_parameters = Paramètres
publish_selection = Sélection
publish_all_records = tous les dossiers de l’organisation
publish_records_in = Dossiers sélectionnés
publish_quasi_identifiers = Quasi-identifiants
publish_kanon = Microdonnées k-anonymes
publish_kanon_method = Chaque combinaison des quasi-identifiants que montre un dossier publié, une valeur inconnue comptant comme une valeur, est montrée par au moins k dossiers publiés. Les valeurs qui désigneraient quelqu’un sont supprimées (-99), les groupes les plus rares d’abord, chacun perdant le quasi-identifiant qui le joint au plus grand groupe existant ; les dossiers qui restent trop rares sont écartés.
publish_records_out = Dossiers publiés
publish_smallest_group = Plus petit groupe
publish_suppressed_cells = Valeurs supprimées
publish_records_changed = Dossiers avec une valeur supprimée
publish_records_left_out = Dossiers écartés
publish_suppressed_share = Part des dossiers supprimés (modifiés ou écartés)
publish_errors = Comptages de 1, 2 et 3 valeurs face aux données sensibles
publish_errors_method = Chaque combinaison d’une, deux et trois valeurs connues des quasi-identifiants, comptée dans les dossiers sélectionnés et dans les dossiers publiés. L’erreur relative porte sur les combinaisons d’au moins k ; les manquantes sont celles que la publication n’a pas ; les fabriquées, des combinaisons que la sélection n’a jamais eues ; les rares divulguées, des combinaisons de moins de k que la publication montre.
publish_length = Valeurs combinées
publish_all_lengths = toutes
publish_combinations = Combinaisons d’au moins k
publish_mae = Erreur absolue moyenne
publish_mre = Erreur relative moyenne
publish_missing = Manquantes
publish_fabricated = Fabriquées
publish_rare_leaked = Rares divulguées
publish_dp = Tableaux à confidentialité différentielle
publish_dp_method = Comptages de chaque valeur de l’année, du genre, de l’âge, de la majorité, de la nationalité et du pays d’exploitation, sur toutes les valeurs possibles fixées d’avance, chacun avec un bruit de la loi de Laplace discrète exacte (OpenDP). Chaque personne est dans une cellule de chaque tableau : ensemble, les tableaux sont ε-différentiellement confidentiels ; le budget de l’organisation est comptabilisé d’une publication à l’autre.
publish_dp_scale = Échelle du bruit de chaque cellule
publish_dp_cells = Cellules
publish_budget = Budget de confidentialité dépensé (ε, toutes les publications)
publish_datasheet_title = Fiche de données
publish_datasheet_intro = Données sur des victimes identifiées de la traite des êtres humains, publiées de sorte que personne ne puisse être désigné. Lisez la méthode et ses limites avant d’utiliser les chiffres.
publish_created = Publié le
publish_files = Fichiers
publish_file_kanon = une ligne par victime, au format du jeu de données mondial du CTDC ; -99 signifie inconnu ou supprimé.
publish_file_dp = comptages bruités : une ligne par dimension et valeur, avec les colonnes dimension, value et count.
publish_fields = Champs et codes
publish_fields_text = Les colonnes et les codes sont ceux du Human Trafficking Case Data Standard et du dictionnaire de données du CTDC (ctdatacollaborative.org) : année d’enregistrement, genre, tranche d’âge, majorité, nationalité et pays d’exploitation (ISO 3166-1), type d’exploitation, moyens de contrôle et lien avec le recruteur en indicateurs 0/1.
publish_method = Méthode
publish_limitations = Limites
publish_limitations_text = Ce sont des victimes qu’une organisation a identifiées, pas toutes les victimes : les données montrent où travaillent les organisations autant que là où la traite a lieu. Les valeurs supprimées ne manquent pas au hasard ; les groupes rares perdent le plus. Les comptages bruités peuvent s’écarter des vrais de quelques unités dans un sens ou l’autre, davantage pour les petits comptages.
publish_citation = Citation
publish_citation_text = Citez l’organisation qui publie, la date de publication et Faro.
audit-privacy-budgets = Budgets de confidentialité fixés par l’opérateur
audit-publish-release = Données publiées

## Publishing: synthetic microdata
publish_synthetic = Microdonnées synthétiques
publish_synthetic_method = Des dossiers inventés à partir des comptages de chaque combinaison d’une, deux et trois valeurs d’au moins k dans les dossiers sélectionnés, à la manière de synthetic-data-showcase : chaque comptage est un budget, et un dossier se construit une valeur à la fois, chacune tirée en proportion de ce que ses combinaisons avec les valeurs déjà tirées doivent encore ; un dossier dont les combinaisons sont épuisées s’arrête là, ses autres champs inconnus. Autant de dossiers sont créés qu’il y en avait de sélectionnés. Aucune combinaison de jusqu’à trois valeurs de moins de k, ou jamais vue, ne peut apparaître, et aucun dossier ne copie un vrai dossier de moins de k (celui qui le ferait est écourté) : ce ne sont pas des personnes réelles.
publish_synthetic_shortened = Dossiers écourtés (ils copiaient un vrai dossier rare)
publish_file_synthetic = dossiers synthétiques, une ligne par victime inventée, au format du jeu de données mondial du CTDC : utilisez-les pour les tendances, pas pour compter ni trouver des personnes ; les valeurs rares y apparaissent moins que dans les dossiers.

## Published data
data_title = Données publiées
data_intro = Des données que les organisations utilisant Faro ont choisi de publier, protégées pour que personne ne puisse être désigné : dossiers k-anonymes et synthétiques et comptages bruités. Lisez la fiche de données de chaque publication avant de l’utiliser.
data_none = Rien n’a encore été publié.
data_datasheet = Fiche de données
releases_title = Publications
releases_intro = Ce que cette organisation a produit, ici ou avec faro publish. Une publication reste privée jusqu’à ce que vous la rendiez publique ; la page publique offre alors sa fiche et ses fichiers de données, jamais son rapport.
releases_none = Aucune publication pour l’instant : créez-en une ci-dessus ou avec faro publish.
releases_number = Publication
releases_public = Publique
releases_private = Privée
releases_make_public = Rendre publique
releases_make_private = Rendre privée
audit-release-save = Publication conservée
audit-release-visibility = Publication rendue publique ou privée
audit-release-withdraw = Publication retirée (elle contenait un enregistrement effacé)

## Published data: the way there
data_link = Les données publiées par les organisations, protégées pour que personne ne puisse être désigné

## Releases made from a page
release_new = Créer une publication
release_methods = Que publier
release_k_hint = Chaque combinaison publiée est partagée par au moins k dossiers (le CTDC utilise 11).
release_epsilon_hint = Le budget de confidentialité que dépensent les tableaux bruités, sur le total de l’organisation.
release_make = Créer la publication
release_job = Création d’une publication
release_running = La publication est en préparation ; cette page se met à jour.
release_kept = Créée et conservée comme publication n° { $release }, privée : rendez-la publique dans la liste des publications après avoir vérifié son rapport.
release_too_few = L’organisation a moins de dossiers que k : rien n’a été publié. Baissez k.
release_nothing = Aucun dossier ne peut être publié de façon k-anonyme : rien n’a été publié. Baissez k ou retirez les microdonnées k-anonymes.
release_budget = Cette publication dépasserait le budget de confidentialité de l’organisation : rien n’a été publié. Demandez un ε plus petit, retirez les tableaux bruités ou demandez à l’opérateur de l’instance.
release_failed = La publication n’a pas pu être créée ; rien n’a été publié. Réessayez plus tard ou demandez à l’administrateur.
release_k_invalid = Indiquez k sous forme d’un nombre entier d’au moins 2.
release_epsilon_invalid = Indiquez ε sous forme d’un nombre supérieur à 0 et au plus 100.
release_no_method = Choisissez au moins une chose à publier.
release_job_gone = Cette publication est inconnue (ou ne l’est plus) : les terminées restent ici 30 jours. Les publications conservées sont dans la liste.

## Publishing: generalised k-anonymous microdata
publish_general = Microdonnées k-anonymes généralisées
publish_general_method = Le même k-anonymat, dans des colonnes propres qui peuvent contenir plus qu’une valeur ou inconnu : un pays peut être donné par sa sous-région ou sa région de l’ONU et une année par une période de cinq ans, au même niveau pour tout le fichier. Chaque choix de niveaux est rendu k-anonyme par la même suppression, et celui qui perd le moins d’information est gardé (une valeur supprimée la perd toute, une sous-région un tiers, une région deux tiers, une période la moitié). Le fichier n’est créé que s’il garde plus que la suppression seule.
publish_general_years = Années
publish_general_ranges = Périodes de cinq ans
publish_general_exact = Telles qu’enregistrées
publish_general_citizenship = Nationalité donnée par
publish_general_exploitation = Pays d’exploitation donné par
publish_area_country = Pays
publish_area_subregion = Sous-région de l’ONU
publish_area_region = Région de l’ONU
publish_information_lost = Information perdue
publish_information_lost_by_suppression = Information perdue par la seule suppression
publish_file_general = une ligne par victime, k-anonyme comme kanon.csv mais avec les pays en sous-régions ou régions de l’ONU et les années en périodes quand cela garde plus ; colonnes gender, ageBroad, majorityStatus, citizenshipArea, exploitationArea, yearRange, modality ; vide signifie inconnu ou supprimé.

## Publishing: a release of a selection
release_of_selection = Publier cette sélection
release_selection_hint = Pour publier moins de dossiers, choisissez-les dans le centre d’analyse et utilisez « Publier cette sélection » sous sa liste de dossiers.
release_filters_invalid = Les filtres de la sélection sont illisibles. Choisissez à nouveau les dossiers dans le centre d’analyse.

## Countries: `country-<ISO 3166-1 alpha-2>` (names from Unicode CLDR 48.2.0, Unicode License v3; scripts/cldr-countries.py)

country-AD = Andorre
country-AE = Émirats arabes unis
country-AF = Afghanistan
country-AG = Antigua-et-Barbuda
country-AI = Anguilla
country-AL = Albanie
country-AM = Arménie
country-AO = Angola
country-AQ = Antarctique
country-AR = Argentine
country-AS = Samoa américaines
country-AT = Autriche
country-AU = Australie
country-AW = Aruba
country-AX = Îles Åland
country-AZ = Azerbaïdjan
country-BA = Bosnie-Herzégovine
country-BB = Barbade
country-BD = Bangladesh
country-BE = Belgique
country-BF = Burkina Faso
country-BG = Bulgarie
country-BH = Bahreïn
country-BI = Burundi
country-BJ = Bénin
country-BL = Saint-Barthélemy
country-BM = Bermudes
country-BN = Brunei
country-BO = Bolivie
country-BQ = Pays-Bas caribéens
country-BR = Brésil
country-BS = Bahamas
country-BT = Bhoutan
country-BV = Île Bouvet
country-BW = Botswana
country-BY = Biélorussie
country-BZ = Belize
country-CA = Canada
country-CC = Îles Cocos
country-CD = Congo-Kinshasa
country-CF = République centrafricaine
country-CG = Congo-Brazzaville
country-CH = Suisse
country-CI = Côte d’Ivoire
country-CK = Îles Cook
country-CL = Chili
country-CM = Cameroun
country-CN = Chine
country-CO = Colombie
country-CR = Costa Rica
country-CU = Cuba
country-CV = Cap-Vert
country-CW = Curaçao
country-CX = Île Christmas
country-CY = Chypre
country-CZ = Tchéquie
country-DE = Allemagne
country-DJ = Djibouti
country-DK = Danemark
country-DM = Dominique
country-DO = République dominicaine
country-DZ = Algérie
country-EC = Équateur
country-EE = Estonie
country-EG = Égypte
country-EH = Sahara occidental
country-ER = Érythrée
country-ES = Espagne
country-ET = Éthiopie
country-FI = Finlande
country-FJ = Fidji
country-FK = Îles Malouines
country-FM = Micronésie
country-FO = Îles Féroé
country-FR = France
country-GA = Gabon
country-GB = Royaume-Uni
country-GD = Grenade
country-GE = Géorgie
country-GF = Guyane française
country-GG = Guernesey
country-GH = Ghana
country-GI = Gibraltar
country-GL = Groenland
country-GM = Gambie
country-GN = Guinée
country-GP = Guadeloupe
country-GQ = Guinée équatoriale
country-GR = Grèce
country-GS = Géorgie du Sud-et-les Îles Sandwich du Sud
country-GT = Guatemala
country-GU = Guam
country-GW = Guinée-Bissau
country-GY = Guyana
country-HK = Hong Kong
country-HM = Îles Heard-et-MacDonald
country-HN = Honduras
country-HR = Croatie
country-HT = Haïti
country-HU = Hongrie
country-ID = Indonésie
country-IE = Irlande
country-IL = Israël
country-IM = Île de Man
country-IN = Inde
country-IO = Territoire britannique de l’océan Indien
country-IQ = Irak
country-IR = Iran
country-IS = Islande
country-IT = Italie
country-JE = Jersey
country-JM = Jamaïque
country-JO = Jordanie
country-JP = Japon
country-KE = Kenya
country-KG = Kirghizstan
country-KH = Cambodge
country-KI = Kiribati
country-KM = Comores
country-KN = Saint-Christophe-et-Niévès
country-KP = Corée du Nord
country-KR = Corée du Sud
country-KW = Koweït
country-KY = Îles Caïmans
country-KZ = Kazakhstan
country-LA = Laos
country-LB = Liban
country-LC = Sainte-Lucie
country-LI = Liechtenstein
country-LK = Sri Lanka
country-LR = Liberia
country-LS = Lesotho
country-LT = Lituanie
country-LU = Luxembourg
country-LV = Lettonie
country-LY = Libye
country-MA = Maroc
country-MC = Monaco
country-MD = Moldavie
country-ME = Monténégro
country-MF = Saint-Martin
country-MG = Madagascar
country-MH = Îles Marshall
country-MK = Macédoine du Nord
country-ML = Mali
country-MM = Myanmar (Birmanie)
country-MN = Mongolie
country-MO = Macao
country-MP = Îles Mariannes du Nord
country-MQ = Martinique
country-MR = Mauritanie
country-MS = Montserrat
country-MT = Malte
country-MU = Maurice
country-MV = Maldives
country-MW = Malawi
country-MX = Mexique
country-MY = Malaisie
country-MZ = Mozambique
country-NA = Namibie
country-NC = Nouvelle-Calédonie
country-NE = Niger
country-NF = Île Norfolk
country-NG = Nigeria
country-NI = Nicaragua
country-NL = Pays-Bas
country-NO = Norvège
country-NP = Népal
country-NR = Nauru
country-NU = Niue
country-NZ = Nouvelle-Zélande
country-OM = Oman
country-PA = Panama
country-PE = Pérou
country-PF = Polynésie française
country-PG = Papouasie-Nouvelle-Guinée
country-PH = Philippines
country-PK = Pakistan
country-PL = Pologne
country-PM = Saint-Pierre-et-Miquelon
country-PN = Îles Pitcairn
country-PR = Porto Rico
country-PS = Palestine
country-PT = Portugal
country-PW = Palaos
country-PY = Paraguay
country-QA = Qatar
country-RE = La Réunion
country-RO = Roumanie
country-RS = Serbie
country-RU = Russie
country-RW = Rwanda
country-SA = Arabie saoudite
country-SB = Îles Salomon
country-SC = Seychelles
country-SD = Soudan
country-SE = Suède
country-SG = Singapour
country-SH = Sainte-Hélène
country-SI = Slovénie
country-SJ = Svalbard et Jan Mayen
country-SK = Slovaquie
country-SL = Sierra Leone
country-SM = Saint-Marin
country-SN = Sénégal
country-SO = Somalie
country-SR = Suriname
country-SS = Soudan du Sud
country-ST = Sao Tomé-et-Principe
country-SV = Salvador
country-SX = Saint-Martin (partie néerlandaise)
country-SY = Syrie
country-SZ = Eswatini
country-TC = Îles Turques-et-Caïques
country-TD = Tchad
country-TF = Terres australes françaises
country-TG = Togo
country-TH = Thaïlande
country-TJ = Tadjikistan
country-TK = Tokelau
country-TL = Timor oriental
country-TM = Turkménistan
country-TN = Tunisie
country-TO = Tonga
country-TR = Turquie
country-TT = Trinité-et-Tobago
country-TV = Tuvalu
country-TW = Taïwan
country-TZ = Tanzanie
country-UA = Ukraine
country-UG = Ouganda
country-UM = Îles mineures éloignées des États-Unis
country-US = États-Unis
country-UY = Uruguay
country-UZ = Ouzbékistan
country-VA = État de la Cité du Vatican
country-VC = Saint-Vincent-et-les Grenadines
country-VE = Venezuela
country-VG = Îles Vierges britanniques
country-VI = Îles Vierges des États-Unis
country-VN = Viêt Nam
country-VU = Vanuatu
country-WF = Wallis-et-Futuna
country-WS = Samoa
country-XK = Kosovo
country-YE = Yémen
country-YT = Mayotte
country-ZA = Afrique du Sud
country-ZM = Zambie
country-ZW = Zimbabwe

## Background jobs
import_waiting = En attente d’un serveur libre pour commencer l’import.
import_errors_dropped = Le fichier des lignes rejetées n’est plus conservé : l’organisation ne garde que les plus récents. Importez à nouveau le fichier pour l’obtenir.
job_cancel = Annuler
job_cancelled = Annulé.
job_cancelled_short = annulé
job_waiting_short = en attente
job_lost = Le serveur qui faisait ce travail s’est arrêté avant la fin. Rien n’en a été gardé : recommencez-le.
job_user_gone = Le compte qui a lancé ce travail est désactivé ou supprimé : il n’a donc pas été fait.
job_failed = Ce travail a échoué sur le serveur. Rien n’en a été gardé ; le journal du serveur dit pourquoi.
store-too-many-jobs = cette organisation a déjà { $limit } imports ou publications en cours ; attendez qu’un se termine, ou annulez-en un
store-release-withdrawn = cette publication a été retirée car elle contient un enregistrement effacé depuis ; faites-en une nouvelle
store-case-changed = quelqu’un d’autre a enregistré ce dossier depuis que vous l’avez ouvert (modifié : { $fields }) : rouvrez-le pour voir ses modifications, puis faites les vôtres
store-case-closed = ce dossier est clos : rouvrez-le avant de le modifier
store-not-case-staff = choisissez un ou une intervenante, opératrice ou administratrice active de cette organisation
store-not-a-team = choisissez l’une des équipes de cette organisation
store-not-a-supervisor = seule une personne superviseure d’une équipe de l’organisation, ou une administratrice, peut le faire
store-nothing-pending = aucune étape de ce dossier n’attend d’approbation
store-already-pending = une étape de ce dossier attend déjà une approbation : demandez d’abord à une personne superviseure de la trancher
store-team-exists = cette organisation a déjà une équipe de ce nom

## Command line: administration, settings, files
cli-admin-runs-first = cette commande s’exécute avant l’ouverture du stockage (elle a besoin de la source de la clé)
cli-backup-failed = aucune sauvegarde écrite dans `{ $path }`
cli-backup-written = sauvegarde { $backend } écrite dans `{ $path }` ({ $megabytes } Mo en { $seconds } s), scellée avec la clé des données ; son point de contrôle d’audit couvre { $chains } chaînes
cli-org-needs-name = une organisation a besoin d’un nom
cli-org-budget-bad = `{ $value }` n’est pas un budget de confidentialité : donnez ε supérieur à 0 et au plus 100
cli-org-budgets = Les budgets de confidentialité de { $name } sont fixés (un budget non donné est celui de l’instance).
cli-org-created = organisation { $id } `{ $name }` créée
cli-no-organisation = aucune organisation ne s’appelle `{ $name }` (voir `faro admin org list`)
cli-org-removed = organisation { $id } `{ $name }` supprimée : { $sources } sources, { $records } fiches, { $reports } signalements et { $users } utilisateurs effacés ; ses fiches et sa chaîne d’audit close sont dans `{ $path }`
cli-share-failed = impossible de changer le partage de la source { $id }
cli-share-set = la source { $id } { $shares ->
    [yes] partage
   *[no] ne partage plus
} ses agrégats avec le centre d’analyse
cli-source-not-deleted = la source { $id } n’a pas été supprimée
cli-source-deleted = source { $id } `{ $name }` (sha256 { $sha256 }) supprimée avec ses { $records } fiches
cli-abandoned-removed = { $count } imports abandonnés supprimés { $ids }
cli-record-not-erased = la fiche { $id } n’a pas été effacée
cli-record-erased = fiche { $id } et ses notes effacées ; le journal d’audit dit pourquoi
cli-reports-purged = { $count } signalements clos depuis plus de { $days } jours supprimés
cli-user-created = utilisateur { $id } `{ $email }` créé dans `{ $organisation }`
cli-role-failed = impossible de changer le rôle de `{ $email }`
cli-role-set = `{ $email }` est maintenant { $role } ; { $revoked } jetons plus larges révoqués
cli-two-factor-failed = impossible de désactiver la connexion en deux étapes de `{ $email }`
cli-two-factor-off = la connexion en deux étapes de `{ $email }` est désactivée et ses sessions closes ; la personne peut la configurer à nouveau
cli-link-failed = impossible de créer un lien de mot de passe pour `{ $email }`
cli-disable-failed = impossible de désactiver `{ $email }`
cli-user-disabled = `{ $email }` désactivé : ses sessions et jetons ne fonctionnent plus
cli-token-created = jeton { $id } pour `{ $email }` en tant que { $role }, expire dans { $days } jours ; il n’est montré que maintenant :
cli-token-revoked = jeton { $id } révoqué
cli-audit-intact = le journal d’audit est intact : { $entries } entrées dans { $chains } chaînes{ $since ->
    [yes] , et il n’a fait que croître depuis le point de contrôle
    [file] , et il n’a fait que croître depuis le point de contrôle le plus récent de { $file }
   *[no] {""}
}
cli-checkpoint-dir-needed = avec PostgreSQL et la clé des données dans FARO_DATA_KEY, indiquez où garder les points de contrôle de l’audit : `[audit] checkpoint_dir = "DOSSIER"` dans faro.toml (un dossier hors de la base de données)
cli-audit-tampered = le journal d’audit a été altéré : { $problem }
cli-no-checkpoint = pas de point de contrôle d’un journal d’audit altéré : { $problem }
cli-nothing-restored = rien n’a été restauré depuis `{ $path }`
cli-restored = sauvegarde { $backend } du { $taken } restaurée dans `{ $location }` en { $seconds } s ; son journal d’audit est intact ({ $entries } entrées dans { $chains } chaînes) et correspond au point de contrôle qu’elle contient{ $since ->
    [yes] {" "}et à celui que vous avez donné
   *[no] {""}
}
cli-checkpoint-unreadable = impossible de lire le point de contrôle `{ $path }`
cli-not-a-checkpoint = `{ $path }` n’est pas un point de contrôle écrit par `faro admin audit checkpoint` ({ $reason })
cli-link-made = lien de mot de passe à usage unique, valable { $hours } heures ; les liens précédents de cet utilisateur ne fonctionnent plus :
cli-link-prefix = (préfixez-le de l’adresse où Faro est servi, ou donnez --public-url)
cli-no-data-key = impossible de créer une clé des données : { $reason }
cli-rotation-half-way = `{ $staged }` existe : une rotation précédente s’est arrêtée à mi-chemin. Si Faro démarre avec `{ $path }`, supprimez le nouveau fichier ; sinon, mettez-le à la place de l’ancienne clé
cli-new-key-unwritten = impossible d’écrire la nouvelle clé `{ $path }`
cli-key-unchanged = la clé des données n’a pas été changée
cli-key-move-by-hand = la base de données utilise maintenant la clé de `{ $staged }` : mettez-la à la main à la place de `{ $path }`
cli-key-rotated = clé des données de `{ $path }` renouvelée
cli-key-set-env = la base de données utilise maintenant cette nouvelle clé : mettez-la dans FARO_DATA_KEY avant que Faro ne redémarre
cli-key-rotation-summary = { $notes } notes et { $secrets } secrets de second facteur chiffrés à nouveau, { $entries } entrées d’audit signées à nouveau ; sauvegardez la nouvelle clé
cli-setting-range = `{ $key }` vaut { $value } ; indiquez de { $min } à { $max }
cli-setting-epsilon = `epsilon_per_organisation` vaut { $value } ; indiquez un nombre supérieur à 0 et d’au plus 100
cli-setting-language = `{ $key }` vaut `{ $value }` ; utilisez une langue que Faro connaît (en, es, fr)
cli-setting-email = `{ $key }` vaut `{ $value }`, qui n’est pas une adresse e-mail ({ $reason })
cli-setting-secret = `{ $key }` doit être un secret à vous d’au moins { $min } caractères, pas celui d’un exemple (créez-en un avec `openssl rand -hex 32`)
cli-setting-webhook-url = `webhook_url` vaut `{ $value }` ; indiquez une adresse https:// (ou http://127.0.0.1 pour un récepteur sur cette machine)
cli-setting-webhook-pair = un webhook a besoin de `webhook_url` et de `webhook_secret`
cli-setting-sms-name = `sms.name` vaut `{ $value }` ; utilisez de 1 à 40 lettres, chiffres, `-` et `_` (c’est le segment d’URL du webhook)
cli-setting-sms-kind = `sms.kind` de `{ $channel }` vaut `{ $value }` ; utilisez `twilio` ou `json`
cli-setting-sms-channel = `sms.channel` de `{ $channel }` vaut `{ $value }` ; utilisez `sms` ou `chat`
cli-setting-sms-account = `sms.account` (le SID du compte Twilio) est nécessaire pour répondre par `{ $channel }`
cli-setting-emergency-service = `emergency.service` vaut `{ $value }` ; utilisez `emergency`, `police`, `ambulance` ou `hotline`
cli-setting-emergency-number = `emergency.number` vaut `{ $value }` ; indiquez un numéro de téléphone fait de chiffres, d’espaces, de `+` et de `-`
cli-setting-https = `{ $key }` vaut `{ $value }` ; indiquez une adresse https://
cli-setting-retention = `retention_days` vaut 0 ; indiquez combien de jours les signalements clos sont gardés (au moins 1)
cli-setting-no-organisation = { $key } `{ $name }` du fichier de configuration n’existe pas ; créez-la avec `faro admin org create` ou corrigez le nom
cli-setting-section = section [{ $section }] du fichier de configuration : { $problem }
cli-key-env-bad = FARO_DATA_KEY { $reason } (64 caractères hexadécimaux attendus)
cli-key-missing = PostgreSQL a besoin d’une clé des données : donnez `--key-file FILE` (créé au premier usage) ou définissez FARO_DATA_KEY
cli-key-file-uncreated = impossible de créer le fichier de clé `{ $path }`
cli-key-file-created = clé des données `{ $path }` créée : sauvegardez-la ; sans elle, le journal d’audit ne peut pas être vérifié
cli-key-file-unreadable = impossible de lire le fichier de clé `{ $path }`
cli-key-file-bad = le fichier de clé `{ $path }` { $reason }
cli-key-file-absent = le fichier de clé `{ $path }` n’existe pas : donnez la clé des données de l’instance d’où vient la sauvegarde (--key-file FILE ou FARO_DATA_KEY)
cli-key-file-open = d’autres peuvent lire le fichier de clé `{ $path }` (mode { $mode }) : lancez `chmod 600 { $path }` et recommencez
problem-privacy-threshold = privacy.threshold vaut { $value } : il doit valoir au moins 2 (CTDC utilise 11)
problem-privacy-epsilon = privacy.epsilon_per_release vaut { $release } et privacy.annual_epsilon_per_source { $annual } : chacun doit être supérieur à 0 et au plus 100, et une publication pas plus que le budget d’une année
problem-privacy-limits = privacy.delta vaut { $delta } : il doit être supérieur à 0 et au plus 0,001 (une personne sur mille), et privacy.hours_between_releases au moins 1
cli-cannot-create = impossible de créer `{ $path }`
cli-cannot-write = impossible d’écrire `{ $path }`
cli-export-unwritten = impossible d’écrire l’export
cli-exported = { $count } fiches exportées
cli-generated = { $rows } lignes ({ $malformed } défectueuses) écrites dans `{ $path }`
cli-nothing-deleted = rien n’a été supprimé
cli-chain-unwritten = l’organisation a été supprimée, mais sa chaîne d’audit n’a pas pu être écrite dans `{ $path }` : écrivez-la avec `faro admin audit export`
cli-stdout-unwritten = impossible d’écrire sur la sortie standard
cli-brief-failed = la note n’a pas pu être faite : { $reason }
cli-wrote = `{ $path }` écrit
cli-database-unopened = impossible d’ouvrir la base de données `{ $location }`
cli-audit-unwritten = impossible d’écrire le journal d’audit
cli-settings-valid = les réglages de `{ $path }` sont valides
cli-settings-none = aucun fichier de réglages donné (--config FILE ou FARO_CONFIG) : toutes les valeurs par défaut s’appliquent
cli-folder-unreadable = impossible de lire le dossier `{ $path }`
cli-folder-not-empty = `{ $path }` n’est pas vide : donnez un dossier nouveau ou vide
cli-folder-uncreated = impossible de créer le dossier `{ $path }`
cli-nothing-published-because = rien n’a été publié : { $reason }
cli-nothing-published = rien n’a été publié
cli-published-kanon = microdonnées k-anonymes : { $records } fiches sur { $of } dans `{ $file }` (plus petit groupe { $smallest }, { $suppressed } valeurs supprimées, { $left_out } fiches écartées)
cli-published-general = microdonnées k-anonymes généralisées : { $records } fiches dans `{ $file }` (années en intervalles : { $years }, nationalité en { $citizenship }, pays d’exploitation en { $exploitation } ; { $lost } % des valeurs connues perdues, { $suppressed } % par la seule suppression)
cli-published-synthetic = microdonnées synthétiques : { $records } fiches dans `{ $file }` (erreur relative moyenne des comptes de 1 à 3 valeurs { $error } ; { $shortened } fiches raccourcies car copies de fiches réelles rares)
cli-published-dp = tables à confidentialité différentielle : { $cells } cellules dans `{ $file }` à ε = { $epsilon } ; l’organisation a dépensé { $spent } de son budget de { $budget }
cli-published-report = rapport dans `report.html` et `report.json`, fiche de données dans `README.md`, le tout dans `{ $path }` ; gardé comme publication { $release }, privée jusqu’à ce qu’un administrateur de l’organisation la rende publique sur /admin/releases
cli-errors-file-uncreated = impossible de créer le fichier des erreurs `{ $path }`
cli-error = erreur : { $message }
cli-caused-by =   cause : { $message }
cli-errors-file-unwritten = impossible d’écrire le fichier des erreurs
cli-cannot-read = impossible de lire `{ $path }`
cli-errors-file-broke = impossible d’écrire dans le fichier des erreurs ; les lignes rejetées sont toujours comptées
cli-serving = Faro est servi à { $url }
cli-server-stopped = le serveur s’est arrêté
cli-demo-loading = chargement de { $rows } fiches fictives de démonstration (générées, pas de vraies personnes)…
cli-demo-loaded = { $rows } fiches de démonstration chargées comme source { $source }
cli-demo-unloaded = impossible de charger les données de démonstration
cli-demo-reports = { $count } signalements fictifs chargés dans la boîte de réception
cli-no-password = impossible de créer un mot de passe : { $reason }
cli-demo-password = Connectez-vous en tant que { $email } avec le mot de passe { $password } (montré seulement maintenant)
cli-demo-token = Jeton d’API de { $email } (admin, 30 jours ; montré seulement maintenant) : { $token }
cli-twilio-needs-url = le canal SMS `{ $channel }` vérifie les signatures de Twilio, qui couvrent l’adresse publique du webhook : donnez `--public-url https://…`
cli-cannot-listen = impossible d’écouter sur `{ $address }` (l’adresse est-elle libre ? changez-la avec --bind)
cli-no-runtime = impossible de démarrer l’environnement d’exécution asynchrone

## Who did something (audit page, conversations, notes)
actor-faro = Faro
actor-cli = Ligne de commande
actor-signing_in = Quelqu’un qui se connecte
actor-link = { $name } (lien de mot de passe)
actor-token = { $name } (jeton d’API { $token })
display_name = Nom visible par les collègues
display_name_hint = Vos collègues voient ce nom dans les conversations, les notes et le journal d’audit ; un pseudonyme convient. Les personnes qui signalent ne voient que le nom de votre organisation.
display_name_save = Enregistrer le nom
display_name_invalid = Donnez un nom de 1 à 60 caractères sans caractères de contrôle ni de direction du texte.
display_name_saved = Le nom est enregistré.

## The hotline's call form speaks to the operator
call-field-what = Ce que raconte la personne qui appelle
call-what_hint = Avec ses mots si possible : ce qu’elle a vu ou entendu, qui était là, ce que l’on faisait faire aux personnes.
call-field-signs = Signes mentionnés par la personne qui appelle
call-signs_hint = Cochez ce qu’elle décrit ; posez des questions sur le reste si c’est sans danger.
call-field-contact = Pouvons-nous recontacter la personne qui appelle ?
call-contact_hint = Seulement si elle a choisi le téléphone ou l’e-mail ; utilisé uniquement pour la joindre au sujet de ce signalement.
call-not_sure = Inconnu
call_contact-email = Par e-mail
call_contact-follow_up = Sur le site, avec le code de reçu que vous lui lisez
call_contact-none = Ne pas la recontacter
call_contact-phone = Par téléphone

## Releases: what each changed, and making one public
release_summary = Ce que les méthodes ont changé
release_summary_kanon = k-anonyme : { $share } des enregistrements modifiés ou écartés ; erreur { $error }
release_summary_general = généralisé : { $share } des détails perdus
release_summary_synthetic = synthétique : erreur moyenne { $error }
release_summary_dp = tableaux : erreur moyenne { $error } (ε = { $epsilon })
release_public_title = Rendre une publication publique
release_public_who = Qui la verra
release_public_anyone = Tout le monde, sans connexion, sur la page publique des données (/data)
release_public_files = Fichiers que tout le monde peut télécharger
release_public_kept = Fichiers qui restent à vos administrateurs
release_public_warning = Une fois publics, les fichiers peuvent être téléchargés et transmis par n’importe qui. Rendre la publication de nouveau privée arrête les nouveaux téléchargements mais ne rappelle pas les copies déjà prises. Lisez d’abord le rapport de la publication.
confirm_not_public = Cochez la case pour confirmer : la publication reste privée.

## Faro's own sources, in words
source-intake = Signalements devenus enregistrements
source-demo = Démonstration : enregistrements fictifs à la manière du CTDC
source-layout-intake = Signalements reçus
source-layout-demo = Générés pour la démonstration

## The audit page: the fields of an entry's detail
audit_field-user_id = utilisateur
audit_field-source_id = source
audit_field-report_id = signalement
audit_field-record_id = enregistrement
audit_field-release_id = publication
audit_field-organisation_id = organisation
audit_field-token_id = jeton
audit_field-session_id = session
audit_field-job = tâche
audit_field-role = rôle
audit_field-status = statut
audit_field-records = enregistrements
audit_field-reason = motif
audit_field-ids = identifiants
audit_field-report_ids = signalements
audit_field-note_id = note
audit_field-note_ids = notes
audit_field-attachment_id = photo
audit_field-count = nombre
audit_field-kind = type
audit_field-public = publique
audit_field-assignee = confié à
audit_field-duplicate_of = doublon de
audit_field-country = pays
audit_field-modality = formes d’exploitation
audit_field-means = moyens de contrôle
audit_field-point = point sur la carte
audit_field-rows_imported = lignes importées
audit_field-rows_rejected = lignes rejetées
audit_field-tokens_revoked = jetons révoqués
audit_field-filters = filtres
audit_field-format = format
audit_field-epsilon = ε
audit_field-reports = signalements
audit_field-sources = sources

## A chart downloaded alone says what it shows
hub-export-filters = Filtres : { $filters }
hub-export-all = tous les enregistrements que vous pouvez lire
hub-export-made = Fait avec Faro le { $date }.
hub-export-exact = Comptes exacts des enregistrements que votre organisation peut lire, à ne pas publier : de petits comptes peuvent identifier des personnes. Publiez au moyen d’une publication.
hub-years-since = depuis { $from }
hub-years-until = jusqu’en { $to }
hub-years-between = { $from }–{ $to }
hub-filter-line = { $label } : { $value }

## UN regions, for lists of countries grouped by region (names from Unicode CLDR)
region-Africa = Afrique
region-Americas = Amériques
region-Asia = Asie
region-Europe = Europe
region-Oceania = Océanie
region-Antarctic = Antarctique
hub-country-search = Tapez pour trouver un pays

## The public data pages
data_release_open = Fichiers, graphiques et fiche descriptive
data_release_title = Publication
data_release_intro = Ce que cette organisation a publié, protégé pour que personne ne puisse être identifié. Les graphiques ci-dessous sont tirés des seuls tableaux publiés, jamais des enregistrements.
data_file = Fichier
data_file_what = Contenu
data_file_format = Format
data_file_size = Taille
data_kilobytes = { $size } Ko
data_charts = Graphiques des tableaux publiés
data_charts_about = Comptes des tableaux à confidentialité différentielle de cette publication : chacun comporte un bruit aléatoire, les petits comptes sont donc peu fiables et les totaux peuvent différer.
data_datasheet_language = Cette fiche descriptive est rédigée en { $language }.
published-kanon = Enregistrements k-anonymes : une ligne par personne, détails rares retirés
published-general = Enregistrements k-anonymes, pays regroupés en régions et années en intervalles
published-synthetic = Enregistrements synthétiques : des personnes inventées aux mêmes tendances que les vraies
published-dp = Comptes selon une caractéristique, avec un bruit aléatoire (confidentialité différentielle)
published-datasheet = La fiche descriptive : ce qui a été publié, comment il a été protégé, comment l’utiliser
published-none = rien de publié
# A colon after a label, with the spacing the language puts before it.
colon =  :
