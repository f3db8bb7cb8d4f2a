# Faro: the words people read, in Spanish.
# Every file in this folder is one language; every message in en.ftl must exist in each.


## Pages

language_name = Español
title = Faro — centro de datos de casos de trata
tagline = Datos de casos de trata de personas en el estándar HTCDS/CTDC.
loaded = Cargados:
records = registros
api = API JSON
api_hint = La API responde con un token de API (créelo en la página de su cuenta) o mientras tenga la sesión iniciada.
attribution = Datos CTDC: Fuente: Counter-Trafficking Data Collaborative (CTDC), ctdatacollaborative.org
not_found_title = Página no encontrada
not_found_text = No hay ninguna página en esta dirección. Puede que esté mal escrita o que la página se haya movido.
not_found_report = Denunciar algo que ha visto
home = Inicio
account = Cuenta
admin = Administración
audit = Registro de auditoría
sign_in = Iniciar sesión
sign_out = Cerrar sesión
sign_in_intro = El personal de las organizaciones miembro inicia sesión aquí. Para informar de un caso no necesita cuenta.
email = Correo electrónico
password = Contraseña
code = Código de su aplicación de autenticación (si activó el inicio de sesión en dos pasos)
sign_in_failed = El correo, la contraseña o el código no son correctos, o la cuenta está desactivada.
throttled = Demasiados intentos fallidos. Espere unos minutos y vuelva a intentarlo.
signed_in_as = Sesión iniciada como
organisation = Organización
role = Rol
set_password = Establezca su contraseña
set_password_intro = Al menos 12 caracteres. Unas cuantas palabras que pueda recordar son una buena contraseña.
password_again = Repita la contraseña
passwords_differ = Las dos contraseñas no coinciden.
password_short = La contraseña necesita al menos 12 caracteres (y como máximo 256).
password_set = Su contraseña está establecida y todas las sesiones anteriores se han cerrado. Ya puede iniciar sesión.
link_invalid = Este enlace no es válido: ya se usó, caducó (duran 24 horas) o se creó otro más reciente. Pida un enlace nuevo a una persona administradora de su organización.
save = Guardar
two_factor = Inicio de sesión en dos pasos
two_factor_on = Activado: al iniciar sesión se pide un código de su aplicación de autenticación.
two_factor_off = Desactivado. Actívelo para que una contraseña robada no baste para iniciar sesión.
two_factor_start = Activar el inicio de sesión en dos pasos
two_factor_secret = Añada esta clave a su aplicación de autenticación (o abra el enlace en el teléfono) y escriba el código que muestre.
two_factor_confirm = Activar
two_factor_done = El inicio de sesión en dos pasos está activado.
code_wrong = Ese no es el código actual de la aplicación. Compruebe la hora del teléfono y vuelva a intentarlo.
tokens = Tokens de API
tokens_intro = Un token permite a un programa usar la API JSON en su nombre, con un rol no más amplio que el suyo. Se muestra una sola vez.
token_name = Nombre (para qué es)
token_days = Validez (días, 1–365)
token_create = Crear token
token_created = Su nuevo token, que solo se muestra ahora: cópielo donde vaya a usarse.
token_days_invalid = Indique un número entero de días de 1 a 365.
role_invalid = Elija uno de los roles de la lista.
name_invalid = Indique un nombre de 1 a 100 caracteres.
revoke = Revocar
revoked = revocado
expires = Caduca
created = Creado
user = Usuario
none = Ninguno todavía.
sign_out_everywhere = Cerrar sesión en todos los dispositivos
sign_out_everywhere_intro = Cierra todas las sesiones de su cuenta, también esta (para un dispositivo perdido o compartido).
users = Usuarios
user_create = Añadir usuario
user_created = La persona usuaria ya existe. Envíele este enlace de un solo uso para establecer su contraseña (válido 24 horas):
password_link = Enlace de contraseña
link_guessed = Este enlace empieza por la dirección con la que usted llegó a esta página: compruebe que es la que usará su colega (inicie Faro con --public-url para fijarla de una vez).
password_link_made = Enlace de un solo uso para establecer una contraseña nueva (válido 24 horas; los enlaces anteriores dejan de funcionar):
disable = Desactivar
role_change = Cambiar rol
two_factor_reset = Desactivar dos pasos (teléfono perdido)
disabled = desactivado
active = activo
email_invalid = Indique un correo como nombre@ejemplo.org.
email_taken = Este correo no puede asignarse a una cuenta nueva: los correos son únicos en esta instancia de Faro.
status = Estado
when = Cuándo
actor = Quién
action = Acción
detail = Detalle
older = Entradas anteriores
audit_intro = Cada inicio de sesión, intento fallido, lectura de registros, cambio, exportación y cambio de tokens o usuarios de su organización, de lo más reciente a lo más antiguo. Cada entrada está encadenada a la anterior, de modo que `faro admin audit verify` detecta cualquier cambio.
forbidden = Su rol no puede abrir esta página.
csrf = Este formulario caducó o no procede de este sitio. Vuelva atrás, recargue la página y envíelo de nuevo.
error = Algo salió mal
internal = Se produjo un error interno y quedó registrado. Vuelva a intentarlo en breve.
back = Volver
skip_to_content = Saltar al contenido
language = Idioma
sections = Secciones
not_found = Esta página o este elemento no existe, o su organización no puede verlo.
too_large = Lo que envió es demasiado grande. Envíe menos de una vez, o un archivo más pequeño.
next_title = Qué puede hacer
next_admin = Añada personas a su organización, asígneles roles y envíeles enlaces para establecer su contraseña.
next_audit = Vea quién inició sesión, leyó registros o cambió algo en su organización.
next_records_link = Registros (API JSON)
next_records = Lea y filtre los registros de su organización; cada lectura queda auditada.
next_aggregates_link = Recuentos (API JSON)
next_aggregates = Cuente registros por año, país, forma de explotación y más.
next_account = Active el inicio de sesión en dos pasos o cree un token de API para un programa.
about = unos
too_few = demasiado pocos para mostrarlos
controlled_note = Para proteger a las personas detrás de los datos, los recuentos que ve se calculan a partir de una publicación con ruido aleatorio (unas ±25 personas en 95 de cada 100 recuentos; más para los medios de control y sobre muchos años), y no se muestran los recuentos menores de 11 o demasiado pequeños para distinguirlos del ruido.
busy = Faro está ocupado comprobando otros inicios de sesión. Espere un segundo y envíe el formulario de nuevo.
busy_photos = Faro está ocupado con las fotos de otras personas y no se envió nada. Vuelva atrás, espere unos segundos y envíe el formulario de nuevo.

## API messages (the words of `{"error": {"message": …}}`)

api-unauthenticated = envíe un token de API como `Authorization: Bearer faro_…` (créelo en la página de su cuenta o con `faro admin token create`), o inicie sesión en `/sign-in`
api-csrf-header = un navegador con sesión iniciada debe enviar el token CSRF de la página en `{ $header }`
api-role-forbidden = el rol `{ $role }` no puede usar esta ruta
api-unavailable = no se puede acceder a la base de datos; vuelva a intentarlo en breve
api-internal = se produjo un error interno y quedó registrado
api-no-such-path = no hay nada en `{ $path }` (la API está bajo `/api/v1`; vea `/api/v1/openapi.json`)
api-method-not-allowed = esta ruta no acepta ese método (vea `/api/v1/openapi.json`)
api-duplicate-parameter = `{ $name }` aparece más de una vez: dé en su lugar una sola lista separada por comas
api-unknown-parameter = `{ $name }` no es un parámetro de esta ruta (se aceptan: { $accepted })
api-missing-by = `by` es obligatorio: nombre de una a tres dimensiones, p. ej. `by=year,gender`
api-invalid-scope = `{ $value }` no es un ámbito: dé `own` o `hub`
api-too-narrow = esta consulta combina { $dimensions } dimensiones (agrupación y filtros juntos, años incluidos; `source` es libre); quienes no pueden leer los registros obtienen como mucho { $limit }, para que nadie pueda ser aislado: quite una dimensión
api-one-value-at-a-time = `{ $dimension }` tiene varios valores por registro: quienes no pueden leer los registros lo filtran por un valor a la vez, sin agrupar por él al mismo tiempo; deje un valor o quite el filtro
api-invalid-limit = `{ $value }` no es un número entero (dé de 1 a { $max })
api-limit-range = `{ $value }` está fuera de rango (dé de 1 a { $max })
api-invalid-cursor = `{ $value }` no es un cursor: pase sin cambios el `next_cursor` de la página anterior
api-invalid-id = `{ $value }` no es un identificador de registro (un número entero)
api-invalid-note-body = envíe `Content-Type: application/json` y un objeto JSON con un campo `text` ({ $detail })

## Problems with a value (faro-domain, faro-formats): each is read after the value it is about
problem-empty-filter = está vacío (indique uno o más valores separados por comas, u omita el filtro)
problem-too-many-values = da { $count } valores; se aceptan como máximo { $max } (caben todos los países; indique los años como un intervalo, por ejemplo `2000..2010`)
problem-not-a-code = no es un código de `{ $dimension }` (se espera uno de { $expected }, o `unknown`)
problem-not-a-source = no es un identificador de fuente (un número entero positivo)
problem-not-a-year-range = no es un año ni un intervalo como `2015..2018`
problem-given-twice = aparece dos veces (indique una sola lista separada por comas)
problem-not-a-dimension = no es una dimensión (se espera una de { $expected })
problem-dimension-twice = aparece dos veces
problem-too-many-dimensions = nombra más de 3 dimensiones (agrupe por 3 como máximo a la vez)
problem-withdrawn-country = es un código de país retirado ({ $name }, retirado en { $year }{ $now ->
    [none] {""}
   *[other] , hoy `{ $now }`
})
problem-not-alpha2 = no es un código de país ISO 3166-1 alfa-2 (p. ej. `US`, `MX`)
problem-not-alpha3 = no es un código de país ISO 3166-1 alfa-3 (p. ej. `USA`, `MEX`)
problem-year-out-of-range = está fuera de rango (se espera un año de { $first } a { $last })
problem-not-a-year = no es un año (se espera un año de 4 cifras como `2016`)
problem-not-a-flag = no es un indicador (se espera `1`, `0`, o vacío o `-99` si se desconoce)
problem-not-a-term = no es un valor de esta columna (se espera { $expected }, o vacío o `-99` si se desconoce)
problem-not-a-recruiter = nombra `{ $item }`, que no es una relación con el captador (se espera `Intimate Partner`, `Friend`, `Family`, `Other` o `Unknown`, separados por `;`)
problem-majority-contradicts-age = contradice ageBroad `{ $age }` (ambos describen la edad en el registro)
problem-means-contradict = contradice los indicadores detallados de medios de control de este grupo, que dan `{ $derived }`
problem-not-an-email = no es una dirección de correo electrónico como `nombre@example.org`
problem-password-too-short = tiene { $chars } caracteres; use al menos { $min } (unas cuantas palabras forman una buena)
problem-password-too-long = tiene más de { $max } caracteres
problem-token-name = indique un nombre de 1 a { $max } caracteres sin caracteres de control ni de dirección del texto
problem-case-step = un caso no puede pasar de «{ $from }» a «{ $to }»: nuevo → evaluación → plan → servicios → cerrado, y un caso cerrado se reabre en evaluación
problem-case-self-approval = un paso lo aprueba una persona supervisora que no gestiona el caso ni pidió el paso: pídalo a otra
problem-case-text = escriba como máximo { $max } caracteres, sin caracteres de control ni de dirección del texto
problem-case-names = indique el nombre que usa la persona y, en total, hasta { $max } nombres
problem-case-ages = indique un rango de edad cuyo extremo inferior no supere al superior, ambos entre 0 y 120
problem-case-details = indique como máximo { $max } datos de contacto y { $max } documentos
problem-not-a-date = no es una fecha escrita como AAAA-MM-DD, por ejemplo 2026-03-31
problem-case-plan-empty = escriba al menos una sección del plan
problem-not-a-language = no es un código de idioma ISO 639-1 de dos letras, como `es`
problem-not-utf8 = no es UTF-8 válido (guarde el archivo en UTF-8)
problem-cell-count = la fila tiene { $cells } celdas pero el encabezado tiene { $columns } (busque un delimitador que falte o sobre, o una comilla sin cerrar)
problem-json-incomplete = no es un objeto JSON completo (la línea termina demasiado pronto)
problem-json-not-object = no es un objeto JSON (cada línea debe ser un `{"{"}...{"}"}`)
problem-json-invalid = no es JSON válido (error en el carácter { $column })
problem-not-a-field = no es un campo CTDC (consulte `specs/ctdc.md` para los nombres de campo)
problem-json-value-kind = no es un texto, un número, un booleano ni null
problem-line-too-long = la línea ocupa más de { $max }

## A rejected input row
row-line = línea { $line }
row-column = columna `{ $column }`

## The command line: faro import
cli-import-summary = `{ $file }` importado como fuente { $source }: { $read } filas leídas, { $imported } importadas, { $rejected } rechazadas
cli-import-mismatches = { $count } filas tienen columnas derivadas que no coinciden con sus indicadores (se conservaron los indicadores)
cli-import-skipped = `{ $file }` omitido: el mismo archivo ya está importado como fuente { $source } ({ $rows } filas)
cli-import-errors-in = las filas rechazadas se listan en `{ $path }`
cli-import-more = ... { $count } filas rechazadas más: lístelas todas con `--errors RUTA`
cli-import-rejected = rechazada: `{ $file }` { $row }
cli-import-absent = nota: a `{ $file }` ({ $layout }) le faltan { $count } columnas de su formato; sus datos se desconocen en todas las filas: { $columns }
cli-nothing-imported = no se importó nada: { $why }
cli-import-io = no se puede leer `{ $file }`: { $reason }
cli-import-empty = `{ $file }` está vacío: no tiene fila de encabezado
cli-import-missing-columns = a `{ $file }` le faltan las columnas obligatorias { $columns }: añádalas (sus celdas pueden quedar vacías si se desconoce el dato)
cli-import-unknown-columns = `{ $file }` tiene columnas { $columns } que no pertenecen a ningún formato CTDC: cámbieles el nombre por el de CTDC u omítalas con `--ignore-column NOMBRE` (una vez por columna)
cli-import-duplicate-column = `{ $file }` tiene dos veces la columna `{ $name }`: elimine una
cli-import-broken = `{ $file }`, línea { $line }: el archivo no puede leerse más allá: { $reason }

## Store refusals
store-not-found = { $kind ->
    [record] El registro
    [report] La denuncia
    [source] La fuente
    [token] El token
    [active-token] El token activo
    [organisation] La organización
    [release] La publicación
    [release-file] El archivo de publicación
    [attachment] La foto
   *[other] { $kind }
} { $id } no existe
store-unknown-name = no existe el usuario `{ $name }`
store-organisation-exists = ya existe una organización llamada `{ $name }`
store-email-taken = ya existe una cuenta con este correo electrónico (los correos son únicos en la instancia)
store-note-length = una nota tiene de 1 a { $max } caracteres; esta tiene { $chars }
store-not-a-duplicate = `{ $of }` no es otra denuncia de esta organización; indique el número de la denuncia que esta repite
store-not-an-assignee = una denuncia solo puede asignarse a un operador o administrador activo de su organización
store-report-still-open = la denuncia sigue abierta; solo se puede reabrir una denuncia terminada
store-report-no-contact = la persona denunciante pidió no ser contactada por este sitio; añada una nota en su lugar
store-report-finished = la denuncia está terminada (duplicada, registrada o cerrada); reábrala primero
store-report-in-review = la denuncia ya está en revisión
store-settings-limits = indique como máximo { $max } direcciones y una conservación de al menos un día
store-two-factor-on = el inicio de sesión en dos pasos ya está activado en esta cuenta
store-two-factor-not-started = empiece primero a configurar el inicio de sesión en dos pasos
store-two-factor-wrong-code = este no es el código actual de 6 cifras de la aplicación de autenticación (compruebe la hora del teléfono)
store-forbidden = esta cuenta no puede { $action ->
    [act_on_reports] actuar sobre las denuncias
    [administer] administrar esta organización
    [apply_retention] aplicar la conservación de las denuncias (solo puede el operador de la instancia)
    [share_source] cambiar el uso compartido de esta fuente
    [own_role] cambiar su propio rol (otro administrador puede)
    [see_staff] ver el personal de otra organización
    [count_reports] contar denuncias
    [token_wider] crear un token con más derechos que su usuario
    [create_organisation] crear organizaciones (lo hace el operador de la instancia)
    [token_disabled] crear tokens mientras está desactivada
    [delete_data] borrar los datos de esta organización (lo hacen sus administradores o el operador de la instancia)
    [disable_self] desactivar su propia cuenta (otro administrador puede)
    [import] importar en esta organización
    [publish] publicar los datos de esta organización
    [read_records] leer registros individuales
    [read_inbox] leer la bandeja de denuncias
    [remove_abandoned] eliminar importaciones abandonadas (lo hace el operador de la instancia)
    [remove_default] eliminar la organización predeterminada (guarda las importaciones propias de la instancia)
    [rotate_key] cambiar la clave de datos (solo puede el operador de la instancia)
    [phone_report] tomar una denuncia por teléfono para esta organización
    [cancel] cancelar un trabajo que inició otro miembro (un administrador puede)
    [job] iniciar trabajos en segundo plano (solo los miembros de una organización pueden)
   *[other] hacer esto
}
store-budget = esta publicación gastaría ε = { $asked } del presupuesto de privacidad de la organización, del que ya se gastó { $spent } de { $budget }: pida como máximo ε = { $left }, o pida al operador de la instancia que aumente `[publish] epsilon_per_organisation`

## Audit actions: `audit-<action>` with `.` as `-`

audit-aggregate-controlled = Recuentos consultados (controlados)
audit-backup = Copia de seguridad realizada
audit-case-assign = Caso asignado o transferido
audit-case-consent = Consentimiento registrado
audit-case-decide = Paso de caso decidido
audit-case-erase = Caso borrado
audit-case-open = Caso abierto
audit-case-plan = Plan del caso guardado
audit-case-read = Casos leídos
audit-case-read_refused = Lectura de caso denegada
audit-case-search = Casos buscados
audit-case-service = Servicio del caso guardado
audit-case-step = Paso del caso dado o pedido
audit-case-task = Tarea del caso guardada
audit-case-update = Persona del caso cambiada
audit-team-create = Equipo creado
audit-team-member = Miembro de equipo cambiado
audit-export = Exportación
audit-import = Importación
audit-job-start = Trabajo en segundo plano iniciado
audit-job-end = Trabajo en segundo plano terminado
audit-key-rotate = Clave de datos sustituida
audit-note-create = Nota escrita
audit-notes-read = Notas leídas
audit-intake-chain_opened = Cadena de entradas abierta
audit-organisation-chain_opened = Cadena de auditoría abierta
audit-organisation-create = Organización creada
audit-record-erase = Registro borrado
audit-records-read = Registros leídos
audit-records-read_refused = Lectura de registros denegada
audit-sign_in = Inicio de sesión
audit-sign_in-failed = Inicio de sesión fallido
audit-sign_out = Cierre de sesión
audit-sign_out-everywhere = Cierre de sesión en todos los dispositivos
audit-source-delete = Fuente eliminada
audit-source-remove_abandoned = Importaciones abandonadas eliminadas
audit-source-share = Cambio en el uso compartido de una fuente
audit-statistics-release = Estadísticas publicadas (privacidad diferencial)
audit-token-create = Token de API creado
audit-token-revoke = Token de API revocado
audit-user-create = Persona usuaria añadida
audit-user-disable = Persona usuaria desactivada
audit-user-password_link = Enlace de contraseña creado
audit-user-password_set = Contraseña establecida
audit-user-display_name = Nombre visible cambiado
audit-user-role = Rol cambiado
audit-user-two_factor_off = Inicio en dos pasos desactivado
audit-user-two_factor_on = Inicio en dos pasos activado

## Vocabularies: one message per term, `<vocabulary>-<code>`

gender-female = Mujer
gender-male = Hombre
gender-transgender = Transgénero o no conforme
age-0_8 = 0–8
age-9_17 = 9–17
age-18_20 = 18–20
age-21_23 = 21–23
age-24_26 = 24–26
age-27_29 = 27–29
age-30_38 = 30–38
age-39_47 = 39–47
age-48_plus = 48 o más
majority-adult = Persona adulta
majority-minor = Menor de edad
datasource-case_management = Gestión de casos
datasource-hotline = Línea de ayuda
traffick_months-0_12 = Hasta 12 meses
traffick_months-13_24 = De 13 a 24 meses
traffick_months-25_plus = 25 meses o más
exploitation-forced_labour = Trabajo forzoso
exploitation-sexual_exploitation = Explotación sexual
exploitation-other_exploitation = Otra explotación
exploitation-sex_and_labour = Explotación sexual y trabajo forzoso
exploitation-forced_marriage = Matrimonio forzado
exploitation-forced_military = Servicio militar forzoso
exploitation-organ_removal = Extracción de órganos
exploitation-slavery_and_practices = Esclavitud y prácticas análogas
labour-agriculture = Agricultura
labour-aquafarming = Acuicultura
labour-begging = Mendicidad
labour-construction = Construcción
labour-domestic_work = Trabajo doméstico
labour-hospitality = Hostelería
labour-illicit_activities = Actividades ilícitas
labour-manufacturing = Manufactura
labour-mining_or_drilling = Minería o perforación
labour-peddling = Venta ambulante
labour-transportation = Transporte
labour-other = Otro
labour-not_specified = No especificado
sex-prostitution = Prostitución
sex-pornography = Pornografía
sex-remote_interactive_services = Servicios interactivos remotos
sex-private_sexual_services = Servicios sexuales privados
means_detail-debt_bondage = Servidumbre por deudas
means_detail-takes_earnings = Se queda con las ganancias
means_detail-restricts_financial_access = Restringe el acceso al dinero
means_detail-threats = Amenazas
means_detail-psychological_abuse = Abuso psicológico
means_detail-physical_abuse = Abuso físico
means_detail-sexual_abuse = Abuso sexual
means_detail-false_promises = Falsas promesas
means_detail-psychoactive_substances = Sustancias psicoactivas
means_detail-restricts_movement = Restringe la libertad de movimiento
means_detail-restricts_medical_care = Restringe la atención médica
means_detail-excessive_working_hours = Jornadas excesivas
means_detail-uses_children = Utiliza a los hijos
means_detail-threat_of_law_enforcement = Amenaza con las autoridades
means_detail-withholds_necessities = Priva de necesidades básicas
means_detail-withholds_documents = Retiene documentos
means_detail-other = Otro
means_detail-not_specified = No especificado
means-debt_bondage_earnings = Servidumbre por deudas o ganancias retenidas
means-threats = Amenazas
means-abuse = Abuso psicológico, físico o sexual
means-false_promises = Falsas promesas
means-drugs_alcohol = Drogas o alcohol
means-deny_basic_needs = Niega necesidades básicas
means-excessive_work_hours = Jornadas excesivas
means-withhold_docs = Retiene documentos
recruiter-intimate_partner = Pareja íntima
recruiter-friend = Amistad
recruiter-family = Familia
recruiter-other = Otra
recruiter-unknown_relation = Relación registrada como desconocida
modality-sexual_exploitation = Explotación sexual
modality-forced_labour = Trabajo forzoso
modality-domestic_servitude = Servidumbre doméstica
modality-forced_criminality = Criminalidad forzada
modality-forced_marriage = Matrimonio forzado
modality-forced_begging = Mendicidad forzada
modality-illegal_adoption = Adopción ilegal
modality-organ_removal = Extracción de órganos
modality-other = Otra (servicio militar forzoso, esclavitud y prácticas análogas, otra)
role-admin = Administración
role-analyst = Análisis
role-operator = Operación de línea de ayuda
role-caseworker = Gestión de casos
role-viewer = Consulta (solo agregados)

## Reports: the public pages, the inbox, their vocabularies and audit actions
audit-report-ask = Pregunta a un denunciante
audit-report-attachment = Foto de denuncia abierta
audit-report-close = Denuncia cerrada
audit-report-codes = Denuncia codificada
audit-report-delete = Denuncias cerradas eliminadas
audit-report-duplicate = Denuncia marcada como duplicada
audit-report-message = Mensaje del denunciante
audit-report-note = Nota sobre una denuncia
audit-report-assign = Denuncia asignada
audit-report-promote = Denuncia convertida en registro
audit-report-read = Denuncia leída
audit-report-reopen = Denuncia reabierta
audit-report-reply = Respuesta a un denunciante
audit-report-review = Denuncia en revisión
audit-report-submit = Denuncia recibida
audit-reports-list = Denuncias listadas
channel-chat = Chat
channel-phone = Llamada a la línea
channel-sms = Mensaje de texto
channel-web = Formulario web
emergency-ambulance = Ambulancia
emergency-emergency = Servicios de emergencia
emergency-hotline = Línea contra la trata
emergency-police = Policía
photo-not_an_image = Fotos: un archivo no es una imagen que podamos leer. Envíe solo imágenes JPEG, PNG, WebP o GIF.
photo-too_large = Fotos: una imagen pesa más de { $megabytes } MB. Envíe una más pequeña.
photo-too_many = Fotos: envíe como máximo { $max } imágenes a la vez.
photo-too_many_pixels = Fotos: una imagen tiene más de { $megapixels } megapíxeles. Envíe una más pequeña.
report-answer_stored = Su respuesta está guardada. Gracias.
report-broken_form = El formulario llegó incompleto. Envíelo de nuevo.
report-contact_hint = Solo si eligió teléfono o correo. Solo lo usamos para contactarle sobre esta denuncia.
report-danger_no = No, ahora no
report-danger_question = ¿Hay alguien en peligro ahora mismo?
report-danger_yes = Sí, alguien está en peligro ahora
report-emergency_after = Si alguien está en peligro ahora mismo, llame ya a uno de estos números. Su denuncia está guardada.
report-receipt_later = Más tarde, vea las respuestas del equipo o añada información con este código
report-answer_kept = Lo que escribió como respuesta se conserva: se envía en cuanto el código abra su denuncia.
report-emergency_intro = Si alguien está en peligro ahora mismo, llame primero a uno de estos números. Después cuéntenos lo que pasó aquí abajo.
report-emergency_title = Pida ayuda ahora
report-exit = Salir rápido de este sitio
report-field-ages = ¿Qué edad tienen?
report-field-code = Código de recibo
report-field-contact = ¿Podemos contactarle?
report-field-contact_detail = Número de teléfono o correo electrónico
report-field-country = País
report-field-genders = ¿Quiénes son?
report-field-lat = Latitud
report-field-lon = Longitud
report-field-people = ¿Cuántas personas, más o menos?
report-field-photos = Fotos (opcional)
report-field-place = Lugar
report-field-signs = ¿Notó algo de esto?
report-field-text = Su respuesta o más información
report-field-what = Qué ocurrió
report-field-when = ¿Cuándo ocurrió?
report-follow_up_intro = Escriba el código de recibo de 16 cifras que recibió al enviar su denuncia.
report-follow_up_link = ¿Ya denunció? Haga el seguimiento con su código de recibo
report-follow_up_title = Seguimiento de su denuncia
report-form_intro = Solo la primera pregunta es necesaria. Responda lo que sepa y deje el resto.
report-from_staff = El equipo
report-from_you = Usted
report-gender-female = Mujeres o niñas
report-gender-male = Hombres o niños
report-gender-transgender = Personas trans o no binarias
report-intro = No necesita una cuenta ni dar su nombre. Lo que nos cuente llega a un equipo que ayuda a personas explotadas.
report-needs_answer = El equipo tiene una pregunta para usted: responda abajo, por favor.
report-not_multipart = La denuncia no se envió como formulario. Envíela de nuevo desde la página de denuncia.
report-not_sure = No estoy seguro/a
report-open = Abrir mi denuncia
report-photos_hint = Hasta { $max } imágenes de { $megabytes } MB cada una. Les quitamos la ubicación y cualquier otro dato oculto.
report-photos_sent = { $count ->
    [one] { $count } foto enviada
   *[other] { $count } fotos enviadas
}
report-place_hint = Una ciudad, una calle, un negocio o un lugar conocido.
report-problem-control_character = { $field }: contiene caracteres que no se pueden enviar. Escriba el texto de nuevo.
report-problem-missing = { $field }: rellene este campo, por favor.
report-problem-not_a_choice = { $field }: elija una de las respuestas propuestas.
report-problem-out_of_range = { $field }: indique un número entero de { $min } a { $max }.
report-problem-too_long = { $field }: admite como máximo { $max } caracteres y usted escribió { $chars }. Acórtelo, por favor.
report-problems = Revise lo que se indica abajo; no se ha perdido nada de lo que escribió.
report-receipt_code = Su código de recibo:
report-receipt_keep = Guarde este código en un lugar seguro, como un número de teléfono. Con él podrá ver las respuestas y preguntas del equipo y añadir información. No podemos volver a mostrárselo.
report-receipt_shape = Un código de recibo tiene 16 cifras, como 1234 5678 9012 3456. Revíselo y escríbalo de nuevo.
report-receipt_stored = Gracias. Su denuncia está guardada de forma segura y un equipo la leerá.
report-receipt_throttled = Se probaron demasiados códigos erróneos. Espere unos minutos e inténtelo de nuevo.
report-receipt_title = Su denuncia está guardada
report-receipt_unknown = Ninguna denuncia tiene este código de recibo. Revise cada cifra e inténtelo de nuevo.
report-required = (necesario)
report-safety_exit = El botón «Salir rápido de este sitio», arriba, abre enseguida un sitio web corriente.
report-safety_nothing_kept = No guardamos ninguna dirección, ningún dato del dispositivo ni ninguna cookie que pueda identificarle.
report-safety_private = Use una ventana privada o de incógnito, para que este sitio no quede en el historial del navegador.
report-safety_shared = Si otras personas usan este teléfono u ordenador, denuncie desde otro dispositivo si puede.
report-safety_title = Protéjase mientras denuncia
report-send = Enviar la denuncia
report-send_answer = Enviar
report-signs_hint = Marque lo que haya notado, si algo.
report-status = Estado
report-title = Denunciar una situación de trata
report-too_many_parts = El formulario envió demasiados campos. Envíelo de nuevo desde la página de denuncia.
report-what_hint = ¿Qué vio u oyó? ¿Quién estaba, qué les obligaban a hacer?
report-where = ¿Dónde ocurrió?
report-who = ¿A quién afecta?
report_age-adults = Personas adultas
report_age-children = Niños o niñas (menores de 18)
report_contact-email = Por correo electrónico
report_contact-follow_up = A través de este sitio, con mi código de recibo
report_contact-none = No me contacten
report_contact-phone = Por teléfono
report_sign-cannot_leave = No pueden irse ni moverse libremente
report_sign-deceived = Les prometieron otro trabajo u otra vida
report_sign-deprived = Reciben muy poca comida, descanso o atención
report_sign-documents_taken = Les quitaron el pasaporte o los papeles
report_sign-forced_marriage = Obligan a alguien a casarse
report_sign-forced_sex = Les obligan a vender sexo
report_sign-forced_work = Les obligan a trabajar
report_sign-hurt = Les golpean o les hacen daño
report_sign-long_hours = Trabajan muchísimas horas
report_sign-not_paid = No les pagan o les quitan el sueldo
report_sign-owes_debt = Tienen una deuda que nunca se acaba
report_sign-threatened = Les amenazan a ellos o a su familia
report_status-closed = Cerrada
report_status-duplicate = Duplicada
report_status-in_review = En revisión
report_status-needs_information = Esperando información
report_status-new = Nueva
report_status-promoted = Convertida en registro
report_when-earlier = Hace más de un año
report_when-ongoing = Está ocurriendo ahora
report_when-past_month = En el último mes
report_when-past_week = En la última semana
report_when-past_year = En el último año

## API messages of the reports inbox
api-not-a-choice = `{ $value }` no es un valor de `{ $name }` (se aceptan: { $accepted })

## The reports inbox
inbox = Bandeja de denuncias
inbox-assignee = Asignada a
inbox-nobody = Nadie
inbox-assign = Asignar
inbox-assign_to = Asignar esta denuncia a
inbox-done-assign = La denuncia está asignada.
inbox-bad_assignee = Una denuncia solo puede asignarse a un operador o administrador activo de su organización. Elija uno de la lista.
inbox-duplicate = Marcar como duplicadas
inbox-bulk = Con las denuncias marcadas
inbox-bulk_choose = Elegir la denuncia
inbox-bulk_assignee = Asignar a
inbox-bulk_reason = Motivo del cierre
inbox-bulk_of = Duplicadas de la denuncia número
inbox-bulk_apply = Aplicar a las denuncias elegidas
inbox-bulk_none = Marque antes al menos una denuncia de la lista.
inbox-bulk_too_many = Elija como máximo 50 denuncias a la vez.
inbox-bulk_changed = { $count ->
    [one] Una denuncia cambiada.
   *[other] { $count } denuncias cambiadas.
}
inbox-bulk_unchanged = Sin cambios: { $ids } (abra cada una para ver por qué; una denuncia cerrada debe reabrirse antes).
inbox-act = Actuar sobre esta denuncia
inbox-action_not_allowed = El estado de la denuncia no lo permite: una denuncia terminada debe reabrirse antes, una denuncia en revisión no puede volver a tomarse y a quien pidió no ser contactado no se le envían mensajes (añada una nota).
inbox-add_note = Añadir una nota interna
inbox-any = Cualquiera
inbox-apply = Aplicar
inbox-ask = Preguntar al denunciante
inbox-bad_codes = Uno de los códigos o el país no es válido. Elíjalos de nuevo en las listas.
inbox-bad_filter = Un filtro de la bandeja no es válido. Vuelva a elegir los filtros en el formulario de la bandeja.
inbox-caller_danger = Alguien está en peligro ahora mismo
inbox-channel = Canal
inbox-close = Cerrar la denuncia
inbox-close_reason = Motivo del cierre
inbox-codes = Códigos HTCDS y país
inbox-conversation = Conversación
inbox-done-ask = Su pregunta está enviada; la denuncia espera información.
inbox-done-close = La denuncia está cerrada.
inbox-done-codes = Los códigos están guardados.
inbox-done-duplicate = La denuncia está marcada como duplicada.
inbox-done-note = La nota está añadida.
inbox-done-promote = La denuncia es ahora un registro de su fuente de entrada.
inbox-done-reopen = La denuncia está abierta de nuevo.
inbox-done-reply = Su respuesta está enviada.
inbox-done-review = La denuncia está en revisión.
inbox-duplicate_number = Número de la denuncia que esta repite
inbox-duplicate_of = Duplicada de
inbox-duplicate_unknown = Indique el número de otra denuncia de su organización, por ejemplo 12.
inbox-empty = Ninguna denuncia coincide con estos filtros.
inbox-filters = Filtros
inbox-finish = Registrar, marcar como duplicada o cerrar
inbox-intro = Todas las denuncias de todos los canales: el formulario web, las llamadas, los mensajes de texto y el chat. Las urgentes van primero.
inbox-mark_duplicate = Marcar como duplicada
inbox-means = Medios de control
inbox-message = Mensaje
inbox-message_hint = Una respuesta o una pregunta llega al denunciante (en su idioma, si puede); una nota queda para el equipo.
inbox-modality = Tipo de explotación
inbox-new = Registrar una llamada
inbox-new_intro = Rellénelo mientras habla con la persona que llama. Pregunte lo que pregunta una línea de ayuda; omita lo que no sepa.
inbox-next = Siguiente
inbox-not_urgent = No urgente
inbox-note = Nota interna
inbox-number = Número
inbox-pages = Páginas
inbox-photo = Foto
inbox-point = Punto en el mapa
inbox-previous = Anterior
inbox-promote = Convertir en registro
inbox-promote_hint = Crea un registro (para las estadísticas) en la fuente de entrada de la organización con los códigos, el país, las edades y los géneros de esta denuncia. La conversación continúa.
inbox-promoted_to = Convertida en el registro
inbox-read_receipt = Lea este código de recibo a la persona que llama, para que pueda hacer el seguimiento en la web:
inbox-reason_needed = Indique por qué se cierra la denuncia (500 caracteres como máximo).
inbox-received = Recibida
inbox-reopen = Reabrir
inbox-reply = Responder al denunciante
inbox-report = Denuncia
inbox-reporter = Denunciante
inbox-review = Pasar a revisión
inbox-save_call = Guardar la denuncia de la llamada
inbox-save_codes = Guardar los códigos
inbox-shown = Denuncias { $first }–{ $last } de { $total }
inbox-taken = La denuncia de la llamada está guardada:
inbox-text_needed = Escriba primero el mensaje (5000 caracteres como máximo).
inbox-unknown_action = Esta acción no es una de las que ofrece la bandeja.
inbox-urgency = Urgencia
inbox-urgent = Urgente

## The reports inbox: a report's facts
inbox-ages = Edades
inbox-contact = Contacto
inbox-contact_detail = Teléfono o correo
inbox-genders = Géneros
inbox-people = Personas
inbox-signs = Indicios observados
inbox-when = Cuándo

## API messages: body size
api-too-large = el cuerpo de la petición supera { $max } MiB: envíe menos a la vez

## Reports: a form sent twice
report-already_sent = Este formulario ya se envió y la denuncia está guardada. Si no vio un código de recibo, abra de nuevo la página de denuncia y envíe una nueva.

## API messages: numbers
api-number-range = `{ $value }` no es un número entero de { $min } a { $max }

## SMS and chat gateways, urgent notices
inbox-done-ask_sent = Su pregunta se envió al teléfono del denunciante; la denuncia espera información.
inbox-done-not_relayed = Su mensaje está guardado, pero la pasarela de SMS no lo aceptó: el denunciante no lo ha recibido. Inténtelo más tarde o contacte por otra vía.
inbox-done-reply_sent = Su respuesta se envió al teléfono del denunciante.
notify-body = Ha llegado una denuncia urgente: alguien puede estar en peligro ahora. Inicie sesión para leerla en la bandeja.
notify-subject = Faro: ha llegado una denuncia urgente
sms-added = Gracias, lo hemos añadido a su denuncia.
sms-bad-signature = la firma de la petición no coincide con el secreto de este canal: revise la URL del webhook y el secreto de la pasarela
sms-invalid-body = envíe un objeto JSON con `id` (el identificador del mensaje, de 1 a 128 caracteres), `sent_at` (segundos Unix), `from` y `text` (cadenas), y nada más
sms-invalid-sender = el remitente no es un número en formato E.164 (`+` y de 6 a 20 cifras) ni un identificador de chat
sms-no-message-id = un mensaje de Twilio sin `MessageSid`: Faro lo necesita para distinguir un mensaje nuevo de uno enviado otra vez
sms-invalid-text = el mensaje debe tener de 1 a 5000 caracteres de texto
sms-received = Gracias. Su denuncia está guardada y un equipo la leerá. Responda a este número para añadir algo.
sms-stale-message = el `sent_at` del mensaje dista más de cinco minutos del reloj de este servidor: se rechaza un mensaje retrasado o repetido; compruebe ambos relojes
sms-unknown-channel = no hay ningún canal de SMS o chat con este nombre: revise `[[reports.sms]]` en la configuración

## The reports inbox: places
inbox-city = Ciudad
inbox-city_hint = Una ciudad de 15 000 habitantes o más sitúa la denuncia en el mapa, en el centro de la ciudad (GeoNames, sin conexión). Déjelo vacío para conservar el punto de la denuncia.
inbox-city_unknown = No se conoce ninguna ciudad con ese nombre en el país elegido. Revise la ortografía, elija el país o deje la ciudad vacía.

## Home: reporting and the inbox
home_report_intro = ¿Vio u oyó que alguien está siendo explotado? Cuéntenoslo, sin cuenta y sin dar su nombre.
home_report_link = Denunciar una situación
home_staff = Personal
next_call = Rellene una denuncia mientras habla con quien llama.
next_inbox = Denuncias del público, llamadas, mensajes y chats: las urgentes primero.

## Reports: the optional map
report-map_clear = Quitar la marca
report-map_failed = No se pudo cargar el mapa; describa el lugar con palabras.
report-map_hint = Toque el mapa donde ocurrió. Elija antes el país para verlo más de cerca.
report-map_marked = Marcado en el mapa:
report-map_open = Marcar el lugar en un mapa (opcional)

## Analysis hub
hub = Centro de análisis
next_hub_link = Centro de análisis
next_hub = Vea focos, rutas y tendencias en un mapa y en gráficos, e imprima un informe para las autoridades.
digit-group = .
# How many digits a number needs before it is grouped (CLDR minimumGroupingDigits + 3: Spanish writes 1234 but 12.345).
digit-group-min = 2
value-unknown = Desconocido
dimension-year = Año
dimension-gender = Género
dimension-age = Edad
dimension-majority = Adulto o menor
dimension-citizenship = Nacionalidad
dimension-exploitation_country = País de explotación
dimension-modality = Forma de explotación
dimension-means = Medios de control
dimension-means_detail = Medios de control (detallados)
dimension-labour = Sector del trabajo forzoso
dimension-sex = Forma de explotación sexual
dimension-recruiter = Relación con el reclutador
dimension-source = Fuente
dimension-traffick_months = Tiempo en situación de trata
hub-figure-records = Registros
hub-filters = Filtros
hub-year-from = desde
hub-year-to = hasta
hub-display = Presentación
hub-scope = Datos
hub-scope-own = Nuestra organización
hub-scope-hub = Con fuentes que comparten otras organizaciones
hub-map-by = Mapa por
hub-top = Corredores mostrados
hub-resolution = Celdas de focos
hub-resolution-auto = según el mapa
hub-apply = Aplicar
hub-clear = Quitar filtros
hub-active = Filtros activos
hub-remove = quitar este filtro
hub-brief = Informe imprimible
hub-records = Registros detrás de estas cifras
hub-layers = Capas
hub-view-countries = Mapa de países
hub-view-routes = Rutas
hub-view-series = Registros por año y forma de explotación
hub-view-modality = Formas de explotación
hub-view-means = Medios de control
hub-view-age = Edad
hub-view-gender = Género
hub-view-recruiter = Relación con el reclutador
hub-view-labour = Sectores del trabajo forzoso
hub-view-hotspots = Focos
hub-map-hint = Elija un país para limitar todas las vistas a él; las flechas van de la nacionalidad al país de explotación.
hub-download = Descargar
hub-no-corridors = No hay corredores entre países conocidos en esta selección.
hub-corridor = Corredor
hub-count = Personas
hub-drop = Quite uno de estos filtros:
hub-too-narrow = Esta vista combinaría { $dimensions } dimensiones, años incluidos; quienes no pueden leer los registros obtienen como mucho { $limit }, para que nadie pueda ser aislado.
hub-one-value = { $dimension } tiene varios valores por registro: quienes no pueden leer los registros ven esta vista filtrada por uno de ellos a la vez, y no cuando muestra { $dimension } mismo.
hub-chart-noise = Recuentos de las publicaciones con privacidad diferencial de las fuentes: cada uno está a ±{ $margin } del recuento real en 95 de cada 100 casos; no se muestran los recuentos menores de { $shown }.
hub-narrow-short = No se muestra: los filtros son demasiado estrechos para su función.
hub-hidden = menos de { $threshold }
hub-hidden-short = demasiado pocos para mostrar
hub-none-shown = menos de { $shown }, o ninguno
hub-no-records = sin registros
hub-cell-near = Denuncias cerca de { $city } ({ $country })
hub-cell-at = Denuncias en torno a { $point }
hub-channel = Canal del reporte
hub-status = Estado del reporte
hub-domestic = dentro del país
hub-hotspots-summary = Focos: { $reports } reportes con un lugar, en { $cells } celdas (resolución { $resolution }).
hub-back = Volver al centro de análisis
hub-print-hint = Imprima esta página o guárdela como PDF desde el navegador.
hub-brief-title = Informe: datos sobre trata de personas
hub-brief-date = Preparado el
hub-no-filters = Todos los registros, sin filtro.
hub-figures = Cifras clave
hub-method = Método y calidad de los datos
hub-figure-countries = Países de explotación
hub-figure-citizenships = Nacionalidades
hub-figure-years = Años
hub-figure-top-corridor = Corredor principal
hub-figure-reports = Reportes con un lugar
hub-note-counting = Cada registro es una víctima de trata identificada, contada en el año en que se registró. Los gráficos cuentan los registros que pasan los filtros; el total cuenta cada registro una vez.
hub-note-unknown = { $dimension }: desconocido en el { $share } % de los registros.
hub-note-released = La publicación más antigua de la que provienen estos recuentos se hizo el { $date }; una fuente se vuelve a publicar cuando cambia, como mucho una vez al día y unas pocas veces al año.
hub-note-controlled = Control de divulgación: estos recuentos provienen de la publicación con privacidad diferencial de cada fuente, con ruido aleatorio en cada recuento; los grupos de menos de { $threshold } personas y los recuentos demasiado pequeños para distinguirlos del ruido no se muestran, para que nadie pueda ser reconocido; por eso los totales pueden diferir de la suma de sus partes.
hub-note-multi = Una persona puede haber sufrido varias formas de explotación o medios de control, por lo que estos gráficos pueden sumar más que el total.
hub-note-sources = Los registros provienen de los expedientes, líneas de ayuda y reportes de las organizaciones, codificados según el estándar HTCDS/CTDC. Describen víctimas identificadas, no la magnitud de la trata.
hub-records-total = { $total } registros coinciden con estos filtros.
hub-records-none = Ningún registro coincide con estos filtros.
hub-record-number = Registro
hub-record = Registro
hub-first-page = Primera página
hub-back-records = Volver a la lista
hub-zoom-in = Acercar
hub-zoom-out = Alejar
hub-zoom-reset = Mapa completo
hub-invalid-map = `{ $value }` no es un mapa: use `exploitation_country` o `citizenship`.
hub-invalid-top = `{ $value }` no es un número de corredores: indique un número entero de 1 a 50.
hub-invalid-res = `{ $value }` no es una resolución de focos: indique un número entero de 1 (gruesa) a 7 (fina).
hub-invalid-code = `{ $value }` no es un valor de { $name } (se espera uno de { $accepted }).
audit-hub-view = Centro de análisis consultado
audit-hub-export = Tabla o gráfico del centro descargado
audit-hub-brief = Informe generado

## Analysis hub: hotspots
hub-hotspots-filters = Los focos cuentan reportes: solo el año, el país de explotación, el canal y el estado los filtran.

## Sources: import and export in the browser, deletions
sources = Datos
sources-statistics-title = Lo que ven los lectores y otras organizaciones
sources-statistics-about = Se les responde a partir de la publicación con privacidad diferencial de cada fuente, hecha en segundo plano cuando la fuente cambia (como mucho una vez al día, dentro de un presupuesto anual de privacidad por fuente).
sources-statistics-pending = #{ $source }: aún no publicada; sus recuentos no se les muestran.
sources-statistics-current = #{ $source }: publicada el { $date }, al día.
sources-statistics-changed = #{ $source }: publicada el { $date }; ha cambiado desde entonces y se publicará de nuevo pronto.
sources-statistics-cap-spent = #{ $source }: el presupuesto de privacidad de este año está agotado; se muestra la publicación del { $date } hasta enero (el operador puede aumentarlo: faro admin org budgets).
sources_list = Fuentes
sources_none = Esta organización aún no tiene fuentes: importe un archivo arriba.
source_number = Fuente
source_name = Nombre
source_records = Registros
source_rejected = Filas rechazadas
source_when = Importada
source_shared = Compartida con el centro
source_hash = Huella del archivo (SHA-256)
source_delete = Eliminar fuente
source_delete_warning = La fuente, todos sus registros y sus notas se eliminarán definitivamente. El registro de auditoría conserva el nombre de la fuente, su huella y el número de registros, no su contenido.
source_deleted = La fuente y sus registros se eliminaron; el registro de auditoría lo indica.
import_title = Importar un archivo
import_help = Un archivo CTDC en cualquier formato (A, B o C) o líneas JSON de Faro. Cada archivo es una fuente; un archivo ya importado se omite; las filas que no se pueden leer se listan en un archivo de errores y el resto se importa.
import_file = Archivo
import_file_hint = Hasta { $megabytes } MB. Para archivos más grandes, use faro import en el servidor.
import_layout = Formato
import_layout_auto = Detectar por la cabecera
import_layout_a = CTDC formato A (conjunto global)
import_layout_b = CTDC formato B (sintético 2021)
import_layout_c = CTDC formato C (sintético 2024 y posteriores)
import_layout_jsonl = Líneas JSON de Faro
import_start = Importar
import_jobs = Importaciones recientes
import_started = Iniciada
import_done = Importado
import_skipped = Ya importado
import_failed_short = Falló
import_job = Importación
import_progress = Parte del archivo leída
import_running_counts = { $read } filas leídas hasta ahora, { $rejected } rechazadas.
import_refresh = Esta página se actualiza sola hasta que termine la importación; puede salir y volver desde la página Datos.
import_summary = Importado como fuente #{ $source }: { $read } filas leídas, { $imported } importadas, { $rejected } rechazadas.
import_already = Este archivo ya está importado como fuente #{ $source } ({ $imported } registros): no se añadió nada.
import_rejected_help = Se rechazaron algunas filas. El archivo de errores indica la línea, la columna, el valor y el motivo de cada una: corríjalas e importe las filas corregidas como un archivo nuevo.
import_errors_csv = Descargar los errores (CSV)
import_nothing_kept = No se importó nada de este archivo. Corrija el archivo y súbalo de nuevo.
import_no_file = Elija un archivo para importar: el formulario llegó sin archivo o el archivo estaba vacío.
import_layout_invalid = Elija un formato de la lista.
import_ignore = Columnas que omitir (opcional)
import_ignore_hint = Nombres de columnas que no son del CTDC, separados por comas, tal como los nombra el error: la importación las omite en lugar de rechazar el archivo.
import_ignore_unnamed = Omitir las columnas sin nombre (los números de fila de una hoja de cálculo, por ejemplo)
import_ignore_invalid = La lista de columnas que omitir es demasiado larga: indique como máximo 4000 caracteres.
import_gone = Esta importación no se conoce (o ya no): las importaciones terminadas se guardan aquí 30 días. Su fuente, si se importó, está en la página Datos.
import_running = La importación sigue en curso: su archivo de errores estará listo cuando termine.
import_failed = La importación no se pudo escribir en la base de datos; no se guardó nada. Inténtelo más tarde o consulte al administrador.
import_unreadable = No se pudo leer el archivo.
import_empty = El archivo está vacío: no tiene fila de cabecera.
import_missing_columns = Al archivo le faltan columnas obligatorias (añádalas; sus celdas pueden quedar vacías si se desconocen):
unnamed_column = (columna sin nombre { $n })
import_unknown_columns = El archivo tiene columnas que no pertenecen a ningún formato CTDC (cámbieles el nombre por el de CTDC o elimínelas):
import_duplicate_column = El archivo tiene una columna dos veces (elimine una):
import_broken = El archivo no se puede leer más allá de esta línea (revise sus comillas y separadores):
export_title = Exportar registros
export_help = Todos los registros de esta organización. Para exportar solo algunos, fíltrelos en el centro de análisis y expórtelos desde su lista de registros.
export_a = CTDC formato A (CSV)
export_c = CTDC formato C (CSV)
export_jsonl = Líneas JSON de Faro
record_erase = Borrar este registro
record_erase_warning = El registro y sus notas se borrarán definitivamente y todos los recuentos se recalculan sin él. El registro de auditoría indica que se borró un registro y por qué, nunca lo que contenía.
record_erased = El registro se borró; el registro de auditoría indica por qué.{ $withdrawn ->
    [0] {""}
    [one] {" "}Se retiró una publicación que lo contenía: ahora es privada y no puede volver a hacerse pública.
   *[other] {" "}Se retiraron { $withdrawn } publicaciones que lo contenían: ahora son privadas y no pueden volver a hacerse públicas.
}
erasure_reason = Motivo
erasure_reason_choose = Elija un motivo
erasure_reason_missing = Elija por qué se borra el registro.
erasure_subject_request = La persona lo pidió
erasure_wrong_data = El registro es erróneo
erasure_duplicate = Duplica otro registro
erasure_legal_order = Lo ordenó un tribunal o una autoridad
confirm_understood = Entiendo que esto no se puede deshacer.
confirm_missing = Marque la casilla para confirmar: no se eliminó nada.
leave = Eliminar esta organización
leave_help = Cuando la organización deja este Faro: llévese sus registros y su registro de auditoría y después elimine todo lo que tiene aquí.
leave_warning = Todas las fuentes, registros, notas, informes, usuarios y tokens de la organización se eliminarán definitivamente y se cerrarán todas las sesiones. Su registro de auditoría se cierra con una entrada final y se conserva. Descargue primero lo que la organización se lleva:
leave_take_records = Sus registros (líneas JSON de Faro)
leave_take_chain = Su registro de auditoría (líneas JSON)
leave_type_name = Para confirmar, escriba el nombre de la organización:
leave_name_mismatch = Escriba exactamente el nombre de la organización y marque la casilla: no se eliminó nada.
organisation_removed = La organización se eliminó y su sesión se cerró. Su registro de auditoría se conserva, cerrado.
audit-organisation-remove = Organización eliminada

## Sources: the default organisation stays
leave_default = La organización predeterminada contiene las importaciones propias de esta instancia y no se puede eliminar.

## An organisation's settings
org_settings = Ajustes de la organización
org_settings_help = Estos ajustes se aplican solo a esta organización; el administrador de la instancia fija el resto en el archivo de ajustes de Faro. Cada cambio queda en el registro de auditoría.
settings_retention = Conservar las denuncias cerradas durante (días)
settings_retention_hint = Vacío: tanto como los conserva la instancia ({ $days } días). Puede elegir menos días, no más.
settings_notify = Enviar un correo a estas personas cuando llegue una denuncia urgente
settings_notify_hint = Una dirección por línea, { $max } como máximo. El mensaje solo dice que llegó una denuncia urgente, nunca lo que dice.
settings_notify_off = Esta instancia aún no tiene ajustes de correo: pida a su administrador que los añada; si no, no se envía ningún correo.
settings_save = Guardar
settings_saved = Los ajustes se guardaron; el registro de auditoría indica qué cambió.
settings_retention_invalid = Indique un número entero de días entre 1 y el periodo de la instancia, o déjelo vacío. No se guardó nada.
settings_email_invalid = Una de las direcciones no es una dirección de correo: corríjala. No se guardó nada.
settings_too_many_addresses = Demasiadas direcciones: indique diez como máximo. No se guardó nada.
audit-organisation-settings = Ajustes de la organización cambiados

## Sources: a long errors file
import_errors_cut = Se rechazaron tantas filas que el archivo de errores solo lista las primeras (8 MB). Corríjalas o importe con faro import en el servidor para ver la lista completa.

## Publishing: the report and the datasheet
publish_report_title = Informe de la publicación: utilidad y riesgo de revelación
publish_parameters = Parámetros
publish_selection = Selección
publish_all_records = todos los registros de la organización
publish_records_in = Registros seleccionados
publish_quasi_identifiers = Cuasi-identificadores
publish_kanon = Microdatos k-anónimos
publish_kanon_method = Cada combinación de los cuasi-identificadores que muestra un registro publicado, contando un valor desconocido como un valor, la muestran al menos k registros publicados. Los valores que señalarían a alguien se suprimen (-99), empezando por los grupos más raros, que pierden el cuasi-identificador que los une al mayor grupo existente; los registros que siguen siendo demasiado raros se dejan fuera.
publish_records_out = Registros publicados
publish_smallest_group = Grupo más pequeño
publish_suppressed_cells = Valores suprimidos
publish_records_changed = Registros con un valor suprimido
publish_records_left_out = Registros dejados fuera
publish_suppressed_share = Proporción de registros suprimidos (cambiados o dejados fuera)
publish_errors = Recuentos de 1, 2 y 3 valores frente a los datos sensibles
publish_errors_method = Cada combinación de uno, dos y tres valores conocidos de los cuasi-identificadores, contada en los registros seleccionados y en los publicados. El error relativo se calcula sobre las combinaciones de al menos k; las que faltan son las que la publicación no tiene; las fabricadas, combinaciones que la selección nunca tuvo; las raras filtradas, combinaciones de menos de k que la publicación muestra.
publish_length = Valores combinados
publish_all_lengths = todos
publish_combinations = Combinaciones de al menos k
publish_mae = Error absoluto medio
publish_mre = Error relativo medio
publish_missing = Faltan
publish_fabricated = Fabricadas
publish_rare_leaked = Raras filtradas
publish_dp = Tablas con privacidad diferencial
publish_dp_method = Recuentos de cada valor de año, género, edad, mayoría de edad, ciudadanía y país de explotación, sobre todos los valores posibles fijados de antemano, cada uno con ruido de la distribución de Laplace discreta exacta (OpenDP). Cada persona está en una celda de cada tabla, así que las tablas juntas son ε-diferencialmente privadas; el presupuesto de la organización se contabiliza entre publicaciones.
publish_dp_scale = Escala del ruido de cada celda
publish_dp_cells = Celdas
publish_budget = Presupuesto de privacidad gastado (ε, todas las publicaciones)
publish_datasheet_title = Ficha de datos
publish_datasheet_intro = Datos sobre víctimas identificadas de trata de personas, publicados de modo que nadie pueda ser señalado. Lea el método y sus limitaciones antes de usar las cifras.
publish_created = Publicado
publish_files = Archivos
publish_file_kanon = una fila por víctima, en el formato del conjunto global de CTDC; -99 es desconocido o suprimido.
publish_file_dp = recuentos con ruido: una fila por dimensión y valor, con las columnas dimension, value y count.
publish_fields = Campos y códigos
publish_fields_text = Las columnas y los códigos son los del Human Trafficking Case Data Standard y el diccionario de datos de CTDC (ctdatacollaborative.org): año de registro, género, grupo de edad, mayoría de edad, ciudadanía y país de explotación (ISO 3166-1), tipo de explotación, medios de control y relación con el captador como indicadores 0/1.
publish_method = Método
publish_limitations = Limitaciones
publish_limitations_text = Son víctimas que una organización identificó, no todas las víctimas: los datos muestran dónde trabajan las organizaciones tanto como dónde ocurre la trata. Los valores suprimidos no faltan al azar; los grupos raros son los que más pierden. Los recuentos con ruido pueden diferir de los reales en unas pocas unidades en cualquier sentido, más en los recuentos pequeños.
publish_citation = Cita
publish_citation_text = Cite la organización que publica, la fecha de publicación y Faro.
audit-privacy-budgets = Presupuestos de privacidad fijados por el operador
audit-publish-release = Datos publicados

## Publishing: synthetic microdata
publish_synthetic = Microdatos sintéticos
publish_synthetic_method = Registros inventados a partir de los recuentos de cada combinación de uno, dos y tres valores de al menos k en los registros seleccionados, como synthetic-data-showcase: cada recuento es un presupuesto, y un registro se construye valor a valor, cada uno sorteado en proporción a lo que aún deben sus combinaciones con los valores ya sorteados; un registro cuyas combinaciones están agotadas se detiene ahí, con sus demás campos desconocidos. Se crean tantos registros como se seleccionaron. No puede aparecer ninguna combinación de hasta tres valores de menos de k ni nunca vista, y ningún registro copia uno real de menos de k (el que lo haría se recorta): no son personas reales.
publish_synthetic_shortened = Registros recortados (copiaban un registro real raro)
publish_file_synthetic = registros sintéticos, una fila por víctima inventada, en el formato del conjunto global de CTDC: úselos para ver patrones, no para contar ni buscar personas; los valores raros aparecen menos que en los registros.

## Published data
data_title = Datos publicados
data_intro = Datos que las organizaciones que usan Faro decidieron publicar, protegidos para que nadie pueda ser señalado: registros k-anónimos y sintéticos y recuentos con ruido. Lea la ficha de datos de cada publicación antes de usarla.
data_none = Aún no se ha publicado nada.
data_datasheet = Ficha de datos
releases_title = Publicaciones
releases_intro = Lo que esta organización hizo, aquí o con faro publish. Una publicación es privada hasta que la haga pública; la página pública ofrece entonces su ficha y sus archivos de datos, nunca su informe.
releases_none = Aún no hay publicaciones: cree una arriba o con faro publish.
releases_number = Publicación
releases_public = Pública
releases_private = Privada
releases_make_public = Hacer pública
releases_make_private = Hacer privada
audit-release-save = Publicación guardada
audit-release-visibility = Publicación hecha pública o privada
audit-release-withdraw = Publicación retirada (contenía un registro borrado)

## Published data: the way there
data_link = Datos que las organizaciones han publicado, protegidos para que nadie pueda ser señalado

## Releases made from a page
release_new = Crear una publicación
release_methods = Qué publicar
release_k_hint = Cada combinación publicada la comparten al menos k registros (CTDC usa 11).
release_epsilon_hint = El presupuesto de privacidad que gastan las tablas con ruido, del total de la organización.
release_make = Crear la publicación
release_job = Creación de una publicación
release_running = La publicación se está preparando; esta página se actualiza sola.
release_kept = Creada y guardada como publicación #{ $release }, privada: hágala pública en la lista de publicaciones cuando haya revisado su informe.
release_too_few = La organización tiene menos registros que k: no se publicó nada. Baje k.
release_nothing = Ningún registro puede publicarse de forma k-anónima: no se publicó nada. Baje k o quite los microdatos k-anónimos.
release_budget = Esta publicación superaría el presupuesto de privacidad de la organización: no se publicó nada. Pida un ε menor, quite las tablas con ruido o consulte al operador de la instancia.
release_failed = No se pudo crear la publicación; no se publicó nada. Inténtelo más tarde o consulte al administrador.
release_k_invalid = Indique k como un número entero de al menos 2.
release_epsilon_invalid = Indique ε como un número mayor que 0 y como máximo 100.
release_no_method = Elija al menos una cosa que publicar.
release_job_gone = Esta publicación no se conoce (o ya no): las terminadas se quedan aquí 30 días. Las publicaciones guardadas están en la lista.

## Publishing: generalised k-anonymous microdata
publish_general = Microdatos k-anónimos generalizados
publish_general_method = La misma k-anonimidad, en columnas propias que pueden contener algo más que un valor o desconocido: un país puede darse como su subregión o región de la ONU y un año como un intervalo de cinco años, al mismo nivel en todo el archivo. Cada elección de niveles se hace k-anónima con la misma supresión, y se conserva la que menos información pierde (un valor suprimido la pierde toda, una subregión un tercio, una región dos tercios, un intervalo la mitad). El archivo solo se crea si así se conserva más que con la supresión sola.
publish_general_years = Años
publish_general_ranges = Intervalos de cinco años
publish_general_exact = Tal como se registraron
publish_general_citizenship = Nacionalidad dada como
publish_general_exploitation = País de explotación dado como
publish_area_country = País
publish_area_subregion = Subregión de la ONU
publish_area_region = Región de la ONU
publish_information_lost = Información perdida
publish_information_lost_by_suppression = Información perdida solo con supresión
publish_file_general = una fila por víctima, k-anónima como kanon.csv pero con países como subregiones o regiones de la ONU y años como intervalos cuando así se conserva más; columnas gender, ageBroad, majorityStatus, citizenshipArea, exploitationArea, yearRange, modality; vacío es desconocido o suprimido.

## Publishing: a release of a selection
release_of_selection = Publicar esta selección
release_selection_hint = Para publicar menos registros, elíjalos en el centro de análisis y use «Publicar esta selección» bajo su lista de registros.
release_filters_invalid = No se pueden leer los filtros de la selección. Vuelva a elegir los registros en el centro de análisis.

## Countries: `country-<ISO 3166-1 alpha-2>` (names from Unicode CLDR 48.2.0, Unicode License v3; scripts/cldr-countries.py)

country-AD = Andorra
country-AE = Emiratos Árabes Unidos
country-AF = Afganistán
country-AG = Antigua y Barbuda
country-AI = Anguila
country-AL = Albania
country-AM = Armenia
country-AO = Angola
country-AQ = Antártida
country-AR = Argentina
country-AS = Samoa Americana
country-AT = Austria
country-AU = Australia
country-AW = Aruba
country-AX = Islas Aland
country-AZ = Azerbaiyán
country-BA = Bosnia y Herzegovina
country-BB = Barbados
country-BD = Bangladés
country-BE = Bélgica
country-BF = Burkina Faso
country-BG = Bulgaria
country-BH = Baréin
country-BI = Burundi
country-BJ = Benín
country-BL = San Bartolomé
country-BM = Bermudas
country-BN = Brunéi
country-BO = Bolivia
country-BQ = Caribe neerlandés
country-BR = Brasil
country-BS = Bahamas
country-BT = Bután
country-BV = Isla Bouvet
country-BW = Botsuana
country-BY = Bielorrusia
country-BZ = Belice
country-CA = Canadá
country-CC = Islas Cocos
country-CD = República Democrática del Congo
country-CF = República Centroafricana
country-CG = Congo
country-CH = Suiza
country-CI = Côte d’Ivoire
country-CK = Islas Cook
country-CL = Chile
country-CM = Camerún
country-CN = China
country-CO = Colombia
country-CR = Costa Rica
country-CU = Cuba
country-CV = Cabo Verde
country-CW = Curazao
country-CX = Isla de Navidad
country-CY = Chipre
country-CZ = Chequia
country-DE = Alemania
country-DJ = Yibuti
country-DK = Dinamarca
country-DM = Dominica
country-DO = República Dominicana
country-DZ = Argelia
country-EC = Ecuador
country-EE = Estonia
country-EG = Egipto
country-EH = Sáhara Occidental
country-ER = Eritrea
country-ES = España
country-ET = Etiopía
country-FI = Finlandia
country-FJ = Fiyi
country-FK = Islas Malvinas
country-FM = Micronesia
country-FO = Islas Feroe
country-FR = Francia
country-GA = Gabón
country-GB = Reino Unido
country-GD = Granada
country-GE = Georgia
country-GF = Guayana Francesa
country-GG = Guernesey
country-GH = Ghana
country-GI = Gibraltar
country-GL = Groenlandia
country-GM = Gambia
country-GN = Guinea
country-GP = Guadalupe
country-GQ = Guinea Ecuatorial
country-GR = Grecia
country-GS = Islas Georgia del Sur y Sandwich del Sur
country-GT = Guatemala
country-GU = Guam
country-GW = Guinea-Bisáu
country-GY = Guyana
country-HK = Hong Kong
country-HM = Islas Heard y McDonald
country-HN = Honduras
country-HR = Croacia
country-HT = Haití
country-HU = Hungría
country-ID = Indonesia
country-IE = Irlanda
country-IL = Israel
country-IM = Isla de Man
country-IN = India
country-IO = Territorio Británico del Océano Índico
country-IQ = Irak
country-IR = Irán
country-IS = Islandia
country-IT = Italia
country-JE = Jersey
country-JM = Jamaica
country-JO = Jordania
country-JP = Japón
country-KE = Kenia
country-KG = Kirguistán
country-KH = Camboya
country-KI = Kiribati
country-KM = Comoras
country-KN = San Cristóbal y Nieves
country-KP = Corea del Norte
country-KR = Corea del Sur
country-KW = Kuwait
country-KY = Islas Caimán
country-KZ = Kazajistán
country-LA = Laos
country-LB = Líbano
country-LC = Santa Lucía
country-LI = Liechtenstein
country-LK = Sri Lanka
country-LR = Liberia
country-LS = Lesoto
country-LT = Lituania
country-LU = Luxemburgo
country-LV = Letonia
country-LY = Libia
country-MA = Marruecos
country-MC = Mónaco
country-MD = Moldavia
country-ME = Montenegro
country-MF = San Martín
country-MG = Madagascar
country-MH = Islas Marshall
country-MK = Macedonia del Norte
country-ML = Mali
country-MM = Myanmar (Birmania)
country-MN = Mongolia
country-MO = Macao
country-MP = Islas Marianas del Norte
country-MQ = Martinica
country-MR = Mauritania
country-MS = Montserrat
country-MT = Malta
country-MU = Mauricio
country-MV = Maldivas
country-MW = Malaui
country-MX = México
country-MY = Malasia
country-MZ = Mozambique
country-NA = Namibia
country-NC = Nueva Caledonia
country-NE = Níger
country-NF = Isla Norfolk
country-NG = Nigeria
country-NI = Nicaragua
country-NL = Países Bajos
country-NO = Noruega
country-NP = Nepal
country-NR = Nauru
country-NU = Niue
country-NZ = Nueva Zelanda
country-OM = Omán
country-PA = Panamá
country-PE = Perú
country-PF = Polinesia Francesa
country-PG = Papúa Nueva Guinea
country-PH = Filipinas
country-PK = Pakistán
country-PL = Polonia
country-PM = San Pedro y Miquelón
country-PN = Islas Pitcairn
country-PR = Puerto Rico
country-PS = Palestina
country-PT = Portugal
country-PW = Palaos
country-PY = Paraguay
country-QA = Catar
country-RE = Reunión
country-RO = Rumanía
country-RS = Serbia
country-RU = Rusia
country-RW = Ruanda
country-SA = Arabia Saudí
country-SB = Islas Salomón
country-SC = Seychelles
country-SD = Sudán
country-SE = Suecia
country-SG = Singapur
country-SH = Santa Elena
country-SI = Eslovenia
country-SJ = Svalbard y Jan Mayen
country-SK = Eslovaquia
country-SL = Sierra Leona
country-SM = San Marino
country-SN = Senegal
country-SO = Somalia
country-SR = Surinam
country-SS = Sudán del Sur
country-ST = Santo Tomé y Príncipe
country-SV = El Salvador
country-SX = Sint Maarten
country-SY = Siria
country-SZ = Esuatini
country-TC = Islas Turcas y Caicos
country-TD = Chad
country-TF = Territorios Australes Franceses
country-TG = Togo
country-TH = Tailandia
country-TJ = Tayikistán
country-TK = Tokelau
country-TL = Timor-Leste
country-TM = Turkmenistán
country-TN = Túnez
country-TO = Tonga
country-TR = Turquía
country-TT = Trinidad y Tobago
country-TV = Tuvalu
country-TW = Taiwán
country-TZ = Tanzania
country-UA = Ucrania
country-UG = Uganda
country-UM = Islas menores alejadas de EE. UU.
country-US = Estados Unidos
country-UY = Uruguay
country-UZ = Uzbekistán
country-VA = Ciudad del Vaticano
country-VC = San Vicente y las Granadinas
country-VE = Venezuela
country-VG = Islas Vírgenes Británicas
country-VI = Islas Vírgenes de EE. UU.
country-VN = Vietnam
country-VU = Vanuatu
country-WF = Wallis y Futuna
country-WS = Samoa
country-XK = Kosovo
country-YE = Yemen
country-YT = Mayotte
country-ZA = Sudáfrica
country-ZM = Zambia
country-ZW = Zimbabue

## Background jobs
import_waiting = Esperando a que un servidor quede libre para empezar la importación.
import_errors_dropped = El archivo de filas rechazadas ya no se guarda: la organización solo conserva los más recientes. Vuelva a importar el archivo para obtenerlo.
job_cancel = Cancelar
job_cancelled = Cancelada.
job_cancelled_short = cancelada
job_waiting_short = en espera
job_lost = El servidor que hacía este trabajo se detuvo antes de terminarlo. No se guardó nada: vuelva a empezarlo.
job_user_gone = La cuenta que inició este trabajo está desactivada o eliminada, así que no se hizo.
job_failed = Este trabajo falló en el servidor. No se guardó nada; el registro del servidor dice por qué.
store-too-many-jobs = esta organización ya tiene { $limit } importaciones o publicaciones en curso; espere a que termine una o cancele una
store-release-withdrawn = esta publicación se retiró porque contiene un registro que se ha borrado después; haga una publicación nueva
store-case-changed = otra persona guardó este caso desde que usted lo abrió (cambios: { $fields }): vuelva a abrirlo para ver sus cambios y haga luego los suyos
store-case-closed = este caso está cerrado: reábralo antes de cambiarlo
store-not-case-staff = elija a una persona gestora de casos, operadora o administradora activa de esta organización
store-not-a-team = elija uno de los equipos de esta organización
store-not-a-supervisor = solo una persona supervisora de uno de los equipos de la organización, o una administradora, puede hacerlo
store-nothing-pending = ningún paso de este caso espera aprobación
store-already-pending = un paso de este caso ya espera aprobación: pida primero a una persona supervisora que lo decida
store-team-exists = esta organización ya tiene un equipo con ese nombre

## Command line: administration, settings, files
cli-admin-runs-first = esta orden se ejecuta antes de abrir el almacén (necesita el origen de la clave)
cli-backup-failed = no se escribió ninguna copia de seguridad en `{ $path }`
cli-backup-written = copia de seguridad { $backend } escrita en `{ $path }` ({ $megabytes } MB en { $seconds } s), sellada con la clave de datos; su punto de control de auditoría cubre { $chains } cadenas
cli-org-needs-name = una organización necesita un nombre
cli-org-budget-bad = `{ $value }` no es un presupuesto de privacidad: indique ε mayor que 0 y como mucho 100
cli-org-budgets = Los presupuestos de privacidad de { $name } están fijados (un presupuesto no indicado es el de la instancia).
cli-org-created = organización { $id } `{ $name }` creada
cli-no-organisation = no hay ninguna organización llamada `{ $name }` (vea `faro admin org list`)
cli-org-removed = organización { $id } `{ $name }` eliminada: { $sources } fuentes, { $records } registros, { $reports } denuncias y { $users } usuarios borrados; sus registros y su cadena de auditoría cerrada están en `{ $path }`
cli-share-failed = no se puede cambiar el uso compartido de la fuente { $id }
cli-share-set = la fuente { $id } { $shares ->
    [yes] comparte
   *[no] ya no comparte
} sus agregados con el centro de análisis
cli-source-not-deleted = la fuente { $id } no se borró
cli-source-deleted = fuente { $id } `{ $name }` (sha256 { $sha256 }) borrada con sus { $records } registros
cli-abandoned-removed = { $count } importaciones abandonadas eliminadas { $ids }
cli-record-not-erased = el registro { $id } no se borró
cli-record-erased = registro { $id } y sus notas borrados; el registro de auditoría dice por qué
cli-reports-purged = { $count } denuncias cerradas de más de { $days } días borradas
cli-user-created = usuario { $id } `{ $email }` creado en `{ $organisation }`
cli-role-failed = no se puede cambiar el rol de `{ $email }`
cli-role-set = `{ $email }` es ahora { $role }; { $revoked } tokens más amplios revocados
cli-two-factor-failed = no se puede desactivar el inicio de sesión en dos pasos de `{ $email }`
cli-two-factor-off = el inicio de sesión en dos pasos de `{ $email }` está desactivado y sus sesiones terminadas; puede volver a configurarlo
cli-link-failed = no se puede crear un enlace de contraseña para `{ $email }`
cli-disable-failed = no se puede desactivar `{ $email }`
cli-user-disabled = `{ $email }` desactivado: sus sesiones y tokens ya no funcionan
cli-token-created = token { $id } para `{ $email }` como { $role }, caduca en { $days } días; solo se muestra ahora:
cli-token-revoked = token { $id } revocado
cli-audit-intact = el registro de auditoría está intacto: { $entries } entradas en { $chains } cadenas{ $since ->
    [yes] , y solo ha crecido desde el punto de control
    [file] , y solo ha crecido desde el punto de control más reciente de { $file }
   *[no] {""}
}
cli-checkpoint-dir-needed = con PostgreSQL y la clave de datos en FARO_DATA_KEY, indique dónde se guardan los puntos de control de la auditoría: `[audit] checkpoint_dir = "CARPETA"` en faro.toml (una carpeta fuera de la base de datos)
cli-audit-tampered = el registro de auditoría ha sido manipulado: { $problem }
cli-no-checkpoint = no hay punto de control de un registro de auditoría manipulado: { $problem }
cli-nothing-restored = no se restauró nada de `{ $path }`
cli-restored = copia de seguridad { $backend } del { $taken } restaurada en `{ $location }` en { $seconds } s; su registro de auditoría está intacto ({ $entries } entradas en { $chains } cadenas) y coincide con el punto de control que contiene{ $since ->
    [yes] {" "}y con el que usted dio
   *[no] {""}
}
cli-checkpoint-unreadable = no se puede leer el punto de control `{ $path }`
cli-not-a-checkpoint = `{ $path }` no es un punto de control escrito por `faro admin audit checkpoint` ({ $reason })
cli-link-made = enlace de un solo uso para la contraseña, válido { $hours } horas; los enlaces anteriores de este usuario dejan de funcionar:
cli-link-prefix = (antepóngale la dirección en la que se sirve Faro, o indique --public-url)
cli-no-data-key = no se puede crear una clave de datos: { $reason }
cli-rotation-half-way = `{ $staged }` existe: una rotación anterior se detuvo a mitad. Si Faro arranca con `{ $path }`, borre el archivo nuevo; si no, póngalo en lugar de la clave antigua
cli-new-key-unwritten = no se puede escribir la clave nueva `{ $path }`
cli-key-unchanged = la clave de datos no se cambió
cli-key-move-by-hand = la base de datos usa ahora la clave de `{ $staged }`: póngala a mano en lugar de `{ $path }`
cli-key-rotated = clave de datos de `{ $path }` rotada
cli-key-set-env = la base de datos usa ahora esta clave nueva: póngala en FARO_DATA_KEY antes de que Faro vuelva a arrancar
cli-key-rotation-summary = { $notes } notas y { $secrets } secretos de segundo factor cifrados de nuevo, { $entries } entradas de auditoría firmadas de nuevo; haga una copia de seguridad de la clave nueva
cli-setting-range = `{ $key }` es { $value }; indique de { $min } a { $max }
cli-setting-epsilon = `epsilon_per_organisation` es { $value }; indique un número mayor que 0 y de 100 como máximo
cli-setting-language = `{ $key }` es `{ $value }`; use un idioma que Faro tenga (en, es, fr)
cli-setting-email = `{ $key }` es `{ $value }`, que no es una dirección de correo ({ $reason })
cli-setting-secret = `{ $key }` debe ser un secreto propio de al menos { $min } caracteres, no uno de un ejemplo (genere uno con `openssl rand -hex 32`)
cli-setting-webhook-url = `webhook_url` es `{ $value }`; indique una dirección https:// (o http://127.0.0.1 para un receptor en esta máquina)
cli-setting-webhook-pair = un webhook necesita `webhook_url` y `webhook_secret`
cli-setting-sms-name = `sms.name` es `{ $value }`; use de 1 a 40 letras, cifras, `-` y `_` (es el segmento de la URL del webhook)
cli-setting-sms-kind = `sms.kind` de `{ $channel }` es `{ $value }`; use `twilio` o `json`
cli-setting-sms-channel = `sms.channel` de `{ $channel }` es `{ $value }`; use `sms` o `chat`
cli-setting-sms-account = se necesita `sms.account` (el SID de la cuenta de Twilio) para responder por `{ $channel }`
cli-setting-emergency-service = `emergency.service` es `{ $value }`; use `emergency`, `police`, `ambulance` o `hotline`
cli-setting-emergency-number = `emergency.number` es `{ $value }`; indique un número de teléfono de cifras, espacios, `+` y `-`
cli-setting-https = `{ $key }` es `{ $value }`; indique una dirección https://
cli-setting-retention = `retention_days` es 0; indique cuántos días se guardan las denuncias cerradas (al menos 1)
cli-setting-no-organisation = { $key } `{ $name }` del archivo de configuración no existe; créela con `faro admin org create` o corrija el nombre
cli-setting-section = sección [{ $section }] del archivo de configuración: { $problem }
cli-key-env-bad = FARO_DATA_KEY { $reason } (se esperaban 64 caracteres hexadecimales)
cli-key-missing = PostgreSQL necesita una clave de datos: indique `--key-file FILE` (se crea en el primer uso) o defina FARO_DATA_KEY
cli-key-file-uncreated = no se puede crear el archivo de clave `{ $path }`
cli-key-file-created = clave de datos `{ $path }` creada: haga una copia de seguridad; sin ella no se puede verificar el registro de auditoría
cli-key-file-unreadable = no se puede leer el archivo de clave `{ $path }`
cli-key-file-bad = el archivo de clave `{ $path }` { $reason }
cli-key-file-absent = el archivo de clave `{ $path }` no existe: indique la clave de datos de la instancia de la que se hizo la copia (--key-file FILE o FARO_DATA_KEY)
cli-key-file-open = otros pueden leer el archivo de clave `{ $path }` (modo { $mode }): ejecute `chmod 600 { $path }` y vuelva a empezar
problem-privacy-threshold = privacy.threshold es { $value }: debe ser al menos 2 (CTDC usa 11)
problem-privacy-epsilon = privacy.epsilon_per_release es { $release } y privacy.annual_epsilon_per_source { $annual }: cada uno debe ser mayor que 0 y como mucho 100, y una publicación no más que el presupuesto de un año
problem-privacy-limits = privacy.delta es { $delta }: debe ser mayor que 0 y como mucho 0,001 (una persona de cada mil), y privacy.hours_between_releases al menos 1
cli-cannot-create = no se puede crear `{ $path }`
cli-cannot-write = no se puede escribir `{ $path }`
cli-export-unwritten = no se puede escribir la exportación
cli-exported = { $count } registros exportados
cli-generated = { $rows } filas ({ $malformed } defectuosas) escritas en `{ $path }`
cli-nothing-deleted = no se borró nada
cli-chain-unwritten = la organización se eliminó, pero su cadena de auditoría no pudo escribirse en `{ $path }`: escríbala con `faro admin audit export`
cli-stdout-unwritten = no se puede escribir en la salida estándar
cli-brief-failed = no se pudo hacer el informe: { $reason }
cli-wrote = `{ $path }` escrito
cli-database-unopened = no se puede abrir la base de datos `{ $location }`
cli-audit-unwritten = no se puede escribir el registro de auditoría
cli-settings-valid = la configuración de `{ $path }` es válida
cli-settings-none = no se indicó ningún archivo de configuración (--config FILE o FARO_CONFIG): se aplican todos los valores por defecto
cli-folder-unreadable = no se puede leer la carpeta `{ $path }`
cli-folder-not-empty = `{ $path }` no está vacía: indique una carpeta nueva o vacía
cli-folder-uncreated = no se puede crear la carpeta `{ $path }`
cli-nothing-published-because = no se publicó nada: { $reason }
cli-nothing-published = no se publicó nada
cli-published-kanon = microdatos k-anónimos: { $records } de { $of } registros en `{ $file }` (grupo más pequeño { $smallest }, { $suppressed } valores suprimidos, { $left_out } registros excluidos)
cli-published-general = microdatos k-anónimos generalizados: { $records } registros en `{ $file }` (años como intervalos: { $years }, ciudadanía como { $citizenship }, país de explotación como { $exploitation }; { $lost } % de los valores conocidos perdidos, { $suppressed } % solo por supresión)
cli-published-synthetic = microdatos sintéticos: { $records } registros en `{ $file }` (error relativo medio de los recuentos de 1 a 3 valores { $error }; { $shortened } registros recortados por copiar registros reales raros)
cli-published-dp = tablas con privacidad diferencial: { $cells } celdas en `{ $file }` con ε = { $epsilon }; la organización ha gastado { $spent } de su presupuesto de { $budget }
cli-published-report = informe en `report.html` y `report.json`, ficha de datos en `README.md`, todo en `{ $path }`; guardado como publicación { $release }, privada hasta que un administrador de la organización la haga pública en /admin/releases
cli-errors-file-uncreated = no se puede crear el archivo de errores `{ $path }`
cli-error = error: { $message }
cli-caused-by =   causa: { $message }
cli-errors-file-unwritten = no se puede escribir el archivo de errores
cli-cannot-read = no se puede leer `{ $path }`
cli-errors-file-broke = no se puede escribir en el archivo de errores; las filas rechazadas se siguen contando
cli-serving = Faro está sirviendo en { $url }
cli-server-stopped = el servidor se detuvo
cli-demo-loading = cargando { $rows } registros ficticios de demostración (generados, no son personas reales)…
cli-demo-loaded = { $rows } registros de demostración cargados como fuente { $source }
cli-demo-unloaded = no se pueden cargar los datos de demostración
cli-demo-reports = { $count } denuncias ficticias cargadas en la bandeja de entrada
cli-no-password = no se puede crear una contraseña: { $reason }
cli-demo-password = Inicie sesión como { $email } con la contraseña { $password } (solo se muestra ahora)
cli-demo-token = Token de API de { $email } (admin, 30 días; solo se muestra ahora): { $token }
cli-twilio-needs-url = el canal SMS `{ $channel }` comprueba las firmas de Twilio, que cubren la dirección pública del webhook: indique `--public-url https://…`
cli-cannot-listen = no se puede escuchar en `{ $address }` (¿está libre la dirección? cámbiela con --bind)
cli-no-runtime = no se puede iniciar el entorno de ejecución asíncrono

## Who did something (audit page, conversations, notes)
actor-faro = Faro
actor-cli = Línea de comandos
actor-signing_in = Alguien que inicia sesión
actor-link = { $name } (enlace para definir la contraseña)
actor-token = { $name } (token de API { $token })
display_name = Nombre visible para los colegas
display_name_hint = Sus colegas ven este nombre en las conversaciones, las notas y el registro de auditoría; un seudónimo sirve. Quienes denuncian solo ven el nombre de su organización.
display_name_save = Guardar el nombre
display_name_invalid = Indique un nombre de 1 a 60 caracteres sin caracteres de control ni de dirección del texto.
display_name_saved = El nombre está guardado.

## The hotline's call form speaks to the operator
call-field-what = Lo que cuenta la persona que llama
call-what_hint = Con sus palabras, si puede: qué vio u oyó, quién estaba, qué obligaban a hacer a las personas.
call-field-signs = Indicios que menciona la persona que llama
call-signs_hint = Marque lo que describe; pregunte por lo demás si es seguro hacerlo.
call-field-contact = ¿Podemos volver a contactar con la persona que llama?
call-contact_hint = Solo si eligió teléfono o correo electrónico; se usa solo para contactarla sobre esta denuncia.
call-not_sure = No se sabe
call_contact-email = Por correo electrónico
call_contact-follow_up = En el sitio web, con el código de recibo que usted le lee
call_contact-none = No contactarla
call_contact-phone = Por teléfono

## Releases: what each changed, and making one public
release_summary = Lo que cambiaron los métodos
release_summary_kanon = k-anónimo: { $share } de los registros cambiados u omitidos; error { $error }
release_summary_general = generalizado: { $share } de los detalles perdidos
release_summary_synthetic = sintético: error medio { $error }
release_summary_dp = tablas: error medio { $error } (ε = { $epsilon })
release_public_title = Hacer pública una publicación
release_public_who = Quién la verá
release_public_anyone = Cualquiera, sin iniciar sesión, en la página pública de datos (/data)
release_public_files = Archivos que cualquiera puede descargar
release_public_kept = Archivos que quedan con sus administradores
release_public_warning = Una vez pública, cualquiera puede descargar los archivos y difundirlos. Volver a hacerla privada detiene las nuevas descargas, pero no recupera las copias ya hechas. Lea antes el informe de la publicación.
confirm_not_public = Marque la casilla para confirmar: la publicación sigue siendo privada.

## Faro's own sources, in words
source-intake = Denuncias convertidas en registros
source-demo = Demostración: registros ficticios al estilo del CTDC
source-layout-intake = Bandeja de denuncias
source-layout-demo = Generados para la demostración

## The audit page: the fields of an entry's detail
audit_field-user_id = usuario
audit_field-source_id = fuente
audit_field-report_id = denuncia
audit_field-record_id = registro
audit_field-release_id = publicación
audit_field-organisation_id = organización
audit_field-token_id = token
audit_field-session_id = sesión
audit_field-job = trabajo
audit_field-role = rol
audit_field-status = estado
audit_field-records = registros
audit_field-reason = motivo
audit_field-ids = identificadores
audit_field-report_ids = denuncias
audit_field-note_id = nota
audit_field-note_ids = notas
audit_field-attachment_id = foto
audit_field-count = cantidad
audit_field-kind = tipo
audit_field-public = pública
audit_field-assignee = asignada a
audit_field-duplicate_of = duplicada de
audit_field-country = país
audit_field-modality = tipos de explotación
audit_field-means = medios de control
audit_field-point = punto en el mapa
audit_field-rows_imported = filas importadas
audit_field-rows_rejected = filas rechazadas
audit_field-tokens_revoked = tokens revocados
audit_field-filters = filtros
audit_field-format = formato
audit_field-epsilon = ε
audit_field-reports = denuncias
audit_field-sources = fuentes

## A chart downloaded alone says what it shows
hub-export-filters = Filtros: { $filters }
hub-export-all = todos los registros que puede leer
hub-export-made = Hecho con Faro el { $date }.
hub-export-exact = Recuentos exactos de los registros que su organización puede leer, no para publicar: los recuentos pequeños pueden identificar a personas. Publique mediante una publicación.
hub-years-since = desde { $from }
hub-years-until = hasta { $to }
hub-years-between = { $from }–{ $to }
hub-filter-line = { $label }: { $value }

## UN regions, for lists of countries grouped by region (names from Unicode CLDR)
region-Africa = África
region-Americas = América
region-Asia = Asia
region-Europe = Europa
region-Oceania = Oceanía
region-Antarctic = Antártida
hub-country-search = Escriba para buscar un país

## The public data pages
data_release_open = Archivos, gráficos y ficha de datos
data_release_title = Publicación
data_release_intro = Lo que publicó esta organización, protegido para que nadie pueda ser identificado. Los gráficos se dibujan solo a partir de las tablas publicadas, nunca de los registros.
data_file = Archivo
data_file_what = Qué contiene
data_file_format = Formato
data_file_size = Tamaño
data_kilobytes = { $size } KB
data_charts = Gráficos de las tablas publicadas
data_charts_about = Recuentos de las tablas con privacidad diferencial de esta publicación: cada uno lleva ruido aleatorio, por lo que los recuentos pequeños son poco fiables y los totales pueden diferir.
data_datasheet_language = Esta ficha de datos está escrita en { $language }.
published-kanon = Registros k-anónimos: una fila por persona, sin los detalles poco frecuentes
published-general = Registros k-anónimos con países agrupados en regiones y años en intervalos
published-synthetic = Registros sintéticos: personas inventadas con los mismos patrones que las reales
published-dp = Recuentos por una característica, con ruido aleatorio (privacidad diferencial)
published-datasheet = La ficha de datos: qué se publicó, cómo se protegió y cómo usarlo
published-none = nada publicado
# A colon after a label, with the spacing the language puts before it.
colon = :
