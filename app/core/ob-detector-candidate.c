/* ob-detector-candidate.c — one server detection found, and what is known of it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A candidate is a host, a port and an encryption mode, with everything the
 * source that named it said (provider, user name, login methods, hints) and
 * what a probe found. Detection changes it on the main thread while it runs
 * and never after it returns.
 *
 * The ranking (RFC 8314 and the detector's trust rules): verified first;
 * unencrypted last, port 25 just before; trusted sources (built-in
 * database, HTTPS autoconfig, ISPDB) before DNS and guesses; then by source,
 * then by the source's own order: document order for configuration files,
 * implicit TLS before STARTTLS for SRV records and guesses.
 */
#include "config.h"

#include <string.h>
#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "ob-account.h"
#include "ob-detector-candidate-private.h"
#include "ob-enum-types.h"

struct _ObDetectorCandidate
{
  GObject                 parent_instance;

  char                   *host;
  guint16                 port;
  ObSecurity              security;
  ObDetectorSource        source;
  ObDetectorTrust         trust;
  char                   *origin;
  char                   *address;
  ObProvider             *provider;
  char                   *region;
  char                   *username_template;
  char                   *username;
  char                  **auth_methods;
  char                   *username_hint;
  char                   *password_hint;
  char                  **notes;
  char                   *unverified;
  char                   *password_domain;
  gboolean                needs_confirmation;
  guint64                 position;
  guint                   sequence;

  ObDetectorVerification  verification;
  char                  **offered;
  GError                 *error;
  gint64                  probe_time;
  ObTranscript           *transcript;
};

G_DEFINE_FINAL_TYPE (ObDetectorCandidate, ob_detector_candidate, G_TYPE_OBJECT)

static const char * const no_strings[] = { NULL };

static void
ob_detector_candidate_finalize (GObject *object)
{
  ObDetectorCandidate *self = OB_DETECTOR_CANDIDATE (object);

  g_free (self->host);
  g_free (self->origin);
  g_free (self->address);
  g_clear_object (&self->provider);
  g_free (self->region);
  g_free (self->username_template);
  g_free (self->username);
  g_strfreev (self->auth_methods);
  g_free (self->username_hint);
  g_free (self->password_hint);
  g_strfreev (self->notes);
  g_free (self->unverified);
  g_free (self->password_domain);
  g_strfreev (self->offered);
  g_clear_error (&self->error);
  g_clear_object (&self->transcript);

  G_OBJECT_CLASS (ob_detector_candidate_parent_class)->finalize (object);
}

static void
ob_detector_candidate_class_init (ObDetectorCandidateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ob_detector_candidate_finalize;
}

static void
ob_detector_candidate_init (ObDetectorCandidate *self)
{
}

/**
 * ob_detector_registrable_domain:
 * @host: a host name or IP address
 *
 * Returns: (transfer full): the domain a person registers, public suffixes
 *   taken into account (smtp.mail.example.co.uk → example.co.uk), in lower
 *   case; @host itself for an address, a public suffix or a single label
 */
char *
ob_detector_registrable_domain (const char *host)
{
  g_autoptr(GError) error = NULL;
  const char *base = soup_tld_get_base_domain (host, &error);
  const char *dot;

  if (base != NULL)
    return g_ascii_strdown (base, -1);

  /* libsoup refuses to guess for a top-level domain the public suffix list
   * does not know (an organisation's own, or .test); the list's own rule
   * for those is that the last label is the suffix. */
  dot = strrchr (host, '.');
  if (g_error_matches (error, SOUP_TLD_ERROR, SOUP_TLD_ERROR_NO_BASE_DOMAIN) && dot != NULL)
    {
      while (dot > host && dot[-1] != '.')
        dot--;
      return g_ascii_strdown (dot, -1);
    }
  return g_ascii_strdown (host, -1);
}

/* Who gets the password, and whether the person must say it is right. */
static void
update_confirmation (ObDetectorCandidate *self)
{
  g_autofree char *address_domain = ob_detector_registrable_domain (strrchr (self->address, '@')
                                                                     + 1);

  g_free (self->password_domain);
  self->password_domain = ob_detector_registrable_domain (self->host);
  self->needs_confirmation = self->trust != OB_DETECTOR_TRUST_TRUSTED &&
                             !g_str_equal (self->password_domain, address_domain);
}

/**
 * ob_detector_candidate_new:
 * @origin: (nullable): the URL or DNS name the candidate came from
 * @address: the address detection is for
 */
ObDetectorCandidate *
ob_detector_candidate_new (const char       *host,
                           guint16           port,
                           ObSecurity        security,
                           ObDetectorSource  source,
                           ObDetectorTrust   trust,
                           const char       *origin,
                           const char       *address)
{
  ObDetectorCandidate *self = g_object_new (OB_TYPE_DETECTOR_CANDIDATE, NULL);

  self->host = g_ascii_strdown (host, -1);
  self->port = port;
  self->security = security;
  self->source = source;
  self->trust = trust;
  self->origin = g_strdup (origin);
  self->address = g_strdup (address);
  self->auth_methods = g_new0 (char *, 1);
  self->notes = g_new0 (char *, 1);
  self->offered = g_new0 (char *, 1);
  update_confirmation (self);
  return self;
}

/**
 * ob_detector_candidate_set_server:
 *
 * Takes the provider's facts about the server: user name, login methods,
 * region, hints and notes.
 */
void
ob_detector_candidate_set_server (ObDetectorCandidate    *self,
                                  ObProvider             *provider,
                                  const ObProviderServer *server)
{
  g_set_object (&self->provider, provider);
  g_free (self->region);
  self->region = g_strdup (server->region);
  g_free (self->username_template);
  self->username_template = g_strdup (server->username);
  g_free (self->username);
  self->username = server->username ? ob_provider_expand (server->username, self->address) : NULL;
  g_strfreev (self->auth_methods);
  self->auth_methods = g_strdupv (server->authentication);
  g_free (self->username_hint);
  self->username_hint = g_strdup (ob_provider_get_server_username_hint (provider, server));
  g_free (self->password_hint);
  self->password_hint = g_strdup (ob_provider_get_server_password_hint (provider, server));
  g_strfreev (self->notes);
  self->notes = g_strdupv (server->notes);
  g_free (self->unverified);
  self->unverified = g_strdup (ob_provider_get_server_unverified (provider, server));
}

void
ob_detector_candidate_set_position (ObDetectorCandidate *self,
                                    guint64              position,
                                    guint                sequence)
{
  self->position = position;
  self->sequence = sequence;
}

gboolean
ob_detector_candidate_is_same_server (ObDetectorCandidate *self,
                                      ObDetectorCandidate *other)
{
  return self->port == other->port && self->security == other->security &&
         g_str_equal (self->host, other->host);
}

/**
 * ob_detector_candidate_adopt:
 * @better: a candidate for the same server from a better-ranked source
 *
 * Takes @better's source, trust and place in the ranking, and its provider
 * facts when it has any; keeps what a probe found.
 */
void
ob_detector_candidate_adopt (ObDetectorCandidate *self,
                             ObDetectorCandidate *better)
{
  self->source = better->source;
  self->trust = better->trust;
  g_free (self->origin);
  self->origin = g_strdup (better->origin);
  self->position = better->position;
  self->sequence = better->sequence;
  update_confirmation (self);

  if (better->provider == NULL)
    return;
  g_set_object (&self->provider, better->provider);
  g_free (self->region);
  self->region = g_strdup (better->region);
  g_free (self->username_template);
  self->username_template = g_strdup (better->username_template);
  g_free (self->username);
  self->username = g_strdup (better->username);
  g_strfreev (self->auth_methods);
  self->auth_methods = g_strdupv (better->auth_methods);
  g_free (self->username_hint);
  self->username_hint = g_strdup (better->username_hint);
  g_free (self->password_hint);
  self->password_hint = g_strdup (better->password_hint);
  g_strfreev (self->notes);
  self->notes = g_strdupv (better->notes);
  g_free (self->unverified);
  self->unverified = g_strdup (better->unverified);
}

/**
 * ob_detector_candidate_copy_for_address:
 * @address: another address at the same domain
 *
 * Returns: (transfer full): the same candidate, probe results included,
 *   with the user name made for @address
 */
ObDetectorCandidate *
ob_detector_candidate_copy_for_address (ObDetectorCandidate *self,
                                        const char          *address)
{
  ObDetectorCandidate *copy = ob_detector_candidate_new (self->host, self->port, self->security,
                                                         self->source, self->trust, self->origin,
                                                         address);

  copy->provider = self->provider ? g_object_ref (self->provider) : NULL;
  copy->region = g_strdup (self->region);
  copy->username_template = g_strdup (self->username_template);
  copy->username = self->username_template ? ob_provider_expand (self->username_template, address)
                                           : NULL;
  g_strfreev (copy->auth_methods);
  copy->auth_methods = g_strdupv (self->auth_methods);
  copy->username_hint = g_strdup (self->username_hint);
  copy->password_hint = g_strdup (self->password_hint);
  g_strfreev (copy->notes);
  copy->notes = g_strdupv (self->notes);
  copy->unverified = g_strdup (self->unverified);
  copy->position = self->position;
  copy->sequence = self->sequence;
  copy->verification = self->verification;
  g_strfreev (copy->offered);
  copy->offered = g_strdupv (self->offered);
  copy->error = self->error ? g_error_copy (self->error) : NULL;
  copy->probe_time = self->probe_time;
  copy->transcript = self->transcript ? g_object_ref (self->transcript) : NULL;
  return copy;
}

/**
 * ob_detector_candidate_accepts_no_login:
 *
 * Returns: whether the source says the server takes mail without a login
 *   (it knows the sender by network address), so a probe that sees no AUTH
 *   still verifies it
 */
gboolean
ob_detector_candidate_accepts_no_login (ObDetectorCandidate *self)
{
  for (guint i = 0; self->auth_methods[i] != NULL; i++)
    if (g_ascii_strcasecmp (self->auth_methods[i], "none") == 0 ||
        g_ascii_strcasecmp (self->auth_methods[i], "client-IP-address") == 0)
      return TRUE;
  return FALSE;
}

void
ob_detector_candidate_set_transcript (ObDetectorCandidate *self,
                                      ObTranscript        *transcript)
{
  g_set_object (&self->transcript, transcript);
}

void
ob_detector_candidate_set_verified (ObDetectorCandidate *self,
                                    ObSmtpCapabilities  *capabilities,
                                    gint64               probe_time)
{
  const char * const *offered = ob_smtp_capabilities_get_auth_mechanisms (capabilities);

  self->verification = OB_DETECTOR_VERIFICATION_VERIFIED;
  g_strfreev (self->offered);
  self->offered = g_strdupv ((char **) (offered ? offered : no_strings));
  g_clear_error (&self->error);
  self->probe_time = probe_time;
}

void
ob_detector_candidate_set_failed (ObDetectorCandidate *self,
                                  const GError        *error,
                                  gint64               probe_time)
{
  self->verification = OB_DETECTOR_VERIFICATION_FAILED;
  g_clear_error (&self->error);
  self->error = g_error_copy (error);
  self->probe_time = probe_time;
}

/**
 * ob_detector_source_tier:
 *
 * Returns: the source's place in the ranking, 0 best: built-in, HTTPS
 *   autoconfig, ISPDB, SRV, MX, autoconfig over plain HTTP, guesses
 */
guint
ob_detector_source_tier (ObDetectorSource source,
                         ObDetectorTrust  trust)
{
  switch (source)
    {
    case OB_DETECTOR_SOURCE_BUILTIN:
      return 0;
    case OB_DETECTOR_SOURCE_AUTOCONFIG:
      return trust == OB_DETECTOR_TRUST_INSECURE ? 5 : 1;
    case OB_DETECTOR_SOURCE_ISPDB:
      return 2;
    case OB_DETECTOR_SOURCE_SRV:
      return 3;
    case OB_DETECTOR_SOURCE_MX:
      return 4;
    case OB_DETECTOR_SOURCE_GUESS:
    default:
      return 6;
    }
}

/**
 * ob_detector_candidate_get_rank:
 * @as_if_verified: rank the candidate as if a probe had verified it: where
 *   it would stand at best
 */
void
ob_detector_candidate_get_rank (ObDetectorCandidate *self,
                                gboolean             as_if_verified,
                                ObCandidateRank     *rank)
{
  static const guint by_verification[] = {
    [OB_DETECTOR_VERIFICATION_VERIFIED] = 0,
    [OB_DETECTOR_VERIFICATION_NOT_CHECKED] = 1,
    [OB_DETECTOR_VERIFICATION_FAILED] = 2,
  };

  rank->verification = as_if_verified ? 0 : by_verification[self->verification];
  rank->plain = self->security == OB_SECURITY_NONE;
  rank->port25 = self->port == 25;
  rank->distrust = self->trust != OB_DETECTOR_TRUST_TRUSTED;
  rank->tier = ob_detector_source_tier (self->source, self->trust);
  rank->position = self->position;
  rank->sequence = self->sequence;
}

int
ob_candidate_rank_compare (const ObCandidateRank *a,
                           const ObCandidateRank *b)
{
  if (a->verification != b->verification)
    return a->verification < b->verification ? -1 : 1;
  if (a->plain != b->plain)
    return a->plain < b->plain ? -1 : 1;
  if (a->port25 != b->port25)
    return a->port25 < b->port25 ? -1 : 1;
  if (a->distrust != b->distrust)
    return a->distrust < b->distrust ? -1 : 1;
  if (a->tier != b->tier)
    return a->tier < b->tier ? -1 : 1;
  if (a->position != b->position)
    return a->position < b->position ? -1 : 1;
  if (a->sequence != b->sequence)
    return a->sequence < b->sequence ? -1 : 1;
  return 0;
}

/**
 * ob_detector_candidate_compare:
 *
 * Returns: below 0 when @a is the better choice, above 0 when @b is
 */
int
ob_detector_candidate_compare (ObDetectorCandidate *a,
                               ObDetectorCandidate *b)
{
  ObCandidateRank rank_a, rank_b;

  g_return_val_if_fail (OB_IS_DETECTOR_CANDIDATE (a), 0);
  g_return_val_if_fail (OB_IS_DETECTOR_CANDIDATE (b), 0);

  ob_detector_candidate_get_rank (a, FALSE, &rank_a);
  ob_detector_candidate_get_rank (b, FALSE, &rank_b);
  return ob_candidate_rank_compare (&rank_a, &rank_b);
}

const char *
ob_detector_candidate_get_host (ObDetectorCandidate *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_CANDIDATE (self), NULL);

  return self->host;
}

guint16
ob_detector_candidate_get_port (ObDetectorCandidate *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_CANDIDATE (self), 0);

  return self->port;
}

ObSecurity
ob_detector_candidate_get_security (ObDetectorCandidate *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_CANDIDATE (self), OB_SECURITY_TLS);

  return self->security;
}

/**
 * ob_detector_candidate_get_source:
 *
 * Returns: the best-ranked source that named this server
 */
ObDetectorSource
ob_detector_candidate_get_source (ObDetectorCandidate *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_CANDIDATE (self), OB_DETECTOR_SOURCE_GUESS);

  return self->source;
}

ObDetectorTrust
ob_detector_candidate_get_trust (ObDetectorCandidate *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_CANDIDATE (self), OB_DETECTOR_TRUST_UNAUTHENTICATED);

  return self->trust;
}

/**
 * ob_detector_candidate_get_origin:
 *
 * Returns: (nullable): the URL or DNS name the source read it from
 */
const char *
ob_detector_candidate_get_origin (ObDetectorCandidate *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_CANDIDATE (self), NULL);

  return self->origin;
}

/**
 * ob_detector_candidate_get_provider:
 *
 * Returns: (transfer none) (nullable): the provider the source says runs
 *   the server, with its name, help page and hints
 */
ObProvider *
ob_detector_candidate_get_provider (ObDetectorCandidate *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_CANDIDATE (self), NULL);

  return self->provider;
}

const char *
ob_detector_candidate_get_region (ObDetectorCandidate *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_CANDIDATE (self), NULL);

  return self->region;
}

/**
 * ob_detector_candidate_get_username:
 *
 * Returns: (nullable): what to log in as, made from the address; %NULL when
 *   the source does not say (usually the full address works)
 */
const char *
ob_detector_candidate_get_username (ObDetectorCandidate *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_CANDIDATE (self), NULL);

  return self->username;
}

/**
 * ob_detector_candidate_get_username_template:
 *
 * Returns: (nullable): the form of the user name, such as `%EMAILADDRESS%`,
 *   `%EMAILLOCALPART%` or a literal like `apikey`
 */
const char *
ob_detector_candidate_get_username_template (ObDetectorCandidate *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_CANDIDATE (self), NULL);

  return self->username_template;
}

/**
 * ob_detector_candidate_get_auth_methods:
 *
 * Returns: (transfer none): the login methods the source names, in the
 *   provider's order, as the autoconfig format names them
 */
const char * const *
ob_detector_candidate_get_auth_methods (ObDetectorCandidate *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_CANDIDATE (self), NULL);

  return (const char * const *) self->auth_methods;
}

/**
 * ob_detector_candidate_get_offered_mechanisms:
 *
 * Returns: (transfer none): the SASL mechanisms the server offered after
 *   encryption, when a probe verified it; empty otherwise
 */
const char * const *
ob_detector_candidate_get_offered_mechanisms (ObDetectorCandidate *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_CANDIDATE (self), NULL);

  return (const char * const *) self->offered;
}

const char *
ob_detector_candidate_get_username_hint (ObDetectorCandidate *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_CANDIDATE (self), NULL);

  return self->username_hint;
}

const char *
ob_detector_candidate_get_password_hint (ObDetectorCandidate *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_CANDIDATE (self), NULL);

  return self->password_hint;
}

/**
 * ob_detector_candidate_get_notes:
 *
 * Returns: (transfer none): what the provider says about this server in
 *   particular; see ob_provider_get_notes() for the provider as a whole
 */
const char * const *
ob_detector_candidate_get_notes (ObDetectorCandidate *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_CANDIDATE (self), NULL);

  return (const char * const *) self->notes;
}

/**
 * ob_detector_candidate_get_unverified:
 *
 * Returns: (nullable): why the source's entry is not confirmed by the
 *   provider's documentation
 */
const char *
ob_detector_candidate_get_unverified (ObDetectorCandidate *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_CANDIDATE (self), NULL);

  return self->unverified;
}

ObDetectorVerification
ob_detector_candidate_get_verification (ObDetectorCandidate *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_CANDIDATE (self), OB_DETECTOR_VERIFICATION_NOT_CHECKED);

  return self->verification;
}

/**
 * ob_detector_candidate_get_error:
 *
 * Returns: (nullable): why the probe failed: an %OB_SMTP_ERROR (with its
 *   stage, reply and, for a refused certificate, the certificate) or an
 *   %OB_DETECTOR_ERROR
 */
const GError *
ob_detector_candidate_get_error (ObDetectorCandidate *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_CANDIDATE (self), NULL);

  return self->error;
}

/**
 * ob_detector_candidate_get_probe_time:
 *
 * Returns: how long the probe took, in microseconds; 0 if none finished
 */
gint64
ob_detector_candidate_get_probe_time (ObDetectorCandidate *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_CANDIDATE (self), 0);

  return self->probe_time;
}

/**
 * ob_detector_candidate_get_transcript:
 *
 * Returns: (transfer none) (nullable): the probe's conversation with the
 *   server, once a probe started
 */
ObTranscript *
ob_detector_candidate_get_transcript (ObDetectorCandidate *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_CANDIDATE (self), NULL);

  return self->transcript;
}

/**
 * ob_detector_candidate_needs_confirmation:
 *
 * Returns: whether the person must confirm the server before a password
 *   goes to it: it is outside the address's domain and only an
 *   unauthenticated source (plain HTTP, DNS without DNSSEC, a guess) named
 *   it
 */
gboolean
ob_detector_candidate_needs_confirmation (ObDetectorCandidate *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_CANDIDATE (self), TRUE);

  return self->needs_confirmation;
}

/**
 * ob_detector_candidate_get_password_domain:
 *
 * Returns: the registrable domain of the host, which is who would receive
 *   the password
 */
const char *
ob_detector_candidate_get_password_domain (ObDetectorCandidate *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_CANDIDATE (self), NULL);

  return self->password_domain;
}

/**
 * ob_detector_candidate_is_port_often_blocked:
 *
 * Returns: whether the port is 25, which many networks block for outgoing
 *   connections
 */
gboolean
ob_detector_candidate_is_port_often_blocked (ObDetectorCandidate *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_CANDIDATE (self), FALSE);

  return self->port == 25;
}

/**
 * ob_security_describe:
 *
 * Returns: the encryption mode in words, translated
 */
const char *
ob_security_describe (ObSecurity security)
{
  switch (security)
    {
    case OB_SECURITY_TLS:
      return _("encrypted from the start (TLS)");
    case OB_SECURITY_STARTTLS:
      return _("encrypted after connecting (STARTTLS)");
    case OB_SECURITY_NONE:
    default:
      return _("not encrypted");
    }
}

/**
 * ob_detector_trust_describe:
 *
 * Returns: the trust level in words, translated
 */
const char *
ob_detector_trust_describe (ObDetectorTrust trust)
{
  switch (trust)
    {
    case OB_DETECTOR_TRUST_TRUSTED:
      return _("trusted");
    case OB_DETECTOR_TRUST_INSECURE:
      return _("fetched without encryption");
    case OB_DETECTOR_TRUST_UNAUTHENTICATED:
    default:
      return _("not authenticated");
    }
}

/**
 * ob_detector_candidate_describe_verification:
 *
 * Returns: (transfer full): what the probe found, in a sentence
 */
char *
ob_detector_candidate_describe_verification (ObDetectorCandidate *self)
{
  g_autofree char *mechanisms = NULL;
  double seconds;

  g_return_val_if_fail (OB_IS_DETECTOR_CANDIDATE (self), NULL);

  seconds = self->probe_time / (double) G_USEC_PER_SEC;
  switch (self->verification)
    {
    case OB_DETECTOR_VERIFICATION_VERIFIED:
      if (self->offered[0] == NULL)
        return g_strdup_printf (_("Verified in %.2f s: it answers, and takes mail without "
                                  "logging in."), seconds);
      mechanisms = g_strjoinv (", ", self->offered);
      if (self->security == OB_SECURITY_NONE)
        return g_strdup_printf (_("Verified in %.2f s: it answers without encryption and offers "
                                  "login with %s."), seconds, mechanisms);
      /* TRANSLATORS: seconds, the server’s name and its login methods */
      return g_strdup_printf (_("Verified in %.2f s: encryption works, the certificate is valid "
                                "for %s, and it offers login with %s."),
                              seconds, self->host, mechanisms);
    case OB_DETECTOR_VERIFICATION_FAILED:
      return g_strdup_printf (_("Failed after %.2f s: %s"), seconds, self->error->message);
    case OB_DETECTOR_VERIFICATION_NOT_CHECKED:
    default:
      return g_strdup (_("Not checked."));
    }
}

/**
 * ob_detector_candidate_describe_confirmation:
 *
 * Returns: (transfer full) (nullable): why the person must confirm this
 *   server, naming who would get the password; %NULL when no confirmation
 *   is needed
 */
char *
ob_detector_candidate_describe_confirmation (ObDetectorCandidate *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_CANDIDATE (self), NULL);

  if (!self->needs_confirmation)
    return NULL;
  if (self->trust == OB_DETECTOR_TRUST_INSECURE)
    /* TRANSLATORS: both %s are the same domain, such as gmail.com */
    return g_strdup_printf (_("Your password would go to %s, which was named only by a document "
                              "fetched without encryption. Confirm that %s runs your mail."),
                            self->password_domain, self->password_domain);
  /* TRANSLATORS: both %s are the same domain, such as gmail.com */
  return g_strdup_printf (_("Your password would go to %s, which was named only by an "
                            "unauthenticated DNS record or a guess. Confirm that %s runs your "
                            "mail."), self->password_domain, self->password_domain);
}

/**
 * ob_detector_candidate_describe_port_warning:
 *
 * Returns: (nullable): a warning when the port is one that networks often
 *   block, translated; %NULL otherwise
 */
const char *
ob_detector_candidate_describe_port_warning (ObDetectorCandidate *self)
{
  g_return_val_if_fail (OB_IS_DETECTOR_CANDIDATE (self), NULL);

  if (!ob_detector_candidate_is_port_often_blocked (self))
    return NULL;
  return _("Many networks block port 25 for outgoing mail; prefer another port when one works.");
}

/**
 * ob_provider_describe_oauth2_only:
 *
 * Returns: (nullable): that passwords are refused, translated, when
 *   @provider only takes sign-in through OAuth2; %NULL otherwise
 */
const char *
ob_provider_describe_oauth2_only (ObProvider *provider)
{
  g_return_val_if_fail (OB_IS_PROVIDER (provider), NULL);

  if (!ob_provider_is_oauth2_only (provider))
    return NULL;
  return _("Only “Sign in with” (OAuth2) works; passwords are refused.");
}

/**
 * ob_app_password_policy_describe:
 *
 * Returns: (nullable): when an app password is needed, translated; %NULL
 *   when the account password works
 */
const char *
ob_app_password_policy_describe (ObAppPasswordPolicy policy)
{
  switch (policy)
    {
    case OB_APP_PASSWORD_ALWAYS:
      return _("Needs an app password, not your account password.");
    case OB_APP_PASSWORD_WITH_TWO_STEP:
      return _("Needs an app password once two-step verification is on.");
    case OB_APP_PASSWORD_NOT_NEEDED:
    default:
      return NULL;
    }
}

/**
 * ob_detector_candidate_apply:
 * @account: the account to send through this server
 *
 * Gives @account this server: host, port and encryption, the user name the
 * source named when @account has none yet, the provider, and where the
 * server was found (which makes the account's origin "detected").
 */
void
ob_detector_candidate_apply (ObDetectorCandidate *self,
                             ObAccount           *account)
{
  g_autoptr(GEnumClass) sources = NULL;

  g_return_if_fail (OB_IS_DETECTOR_CANDIDATE (self));
  g_return_if_fail (OB_IS_ACCOUNT (account));

  sources = g_type_class_ref (OB_TYPE_DETECTOR_SOURCE);
  g_object_freeze_notify (G_OBJECT (account));
  ob_account_set_host (account, self->host);
  ob_account_set_port (account, self->port);
  ob_account_set_security (account, self->security);
  if (ob_account_get_username (account) == NULL)
    ob_account_set_username (account, self->username);
  ob_account_set_provider_id (account, self->provider ? ob_provider_get_id (self->provider)
                                                      : NULL);
  /* Last: the setters above count as edits of a detected account. */
  ob_account_set_detected (account, g_enum_get_value (sources, self->source)->value_nick);
  g_object_thaw_notify (G_OBJECT (account));
}
