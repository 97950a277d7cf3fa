/* ob-certificate-dialog.c — why a server's certificate was refused, and the choice to trust it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The dialog explains the refusal with the same diagnosis the rest of the
 * app uses, then lists the facts a person (or their administrator) can check:
 * the names, who issued it, when it is valid and its fingerprint. Trusting
 * pins exactly this certificate for one account; Cancel is the default,
 * because the safe answer to an unexplained certificate is no.
 *
 * It is a window rather than an AdwMessageDialog: a message dialog is as
 * narrow as its widest button, and the facts need the room.
 *
 * Every name on a certificate is chosen by whoever made it, so all of them
 * are escaped and shown as plain text, never markup.
 */
#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "ob-certificate.h"
#include "ob-certificate-dialog.h"
#include "ob-diagnosis.h"
#include "ob-escape.h"
#include "ob-smtp-error.h"

/* A certificate for a hundred names is summed up by its first few. */
#define MAX_NAMES 10

struct _ObCertificateDialog
{
  AdwWindow             parent_instance;

  char                 *host;
  GTlsCertificate      *certificate;
  GTlsCertificateFlags  errors;
  char                 *pinned_sha256;    /* normalized, or NULL */
  char                 *fingerprint;
  gboolean              changed;

  /* template children */
  GtkLabel             *heading_label;
  GtkLabel             *explanation_label;
  GtkLabel             *remedy_label;
  GtkWidget            *changed_banner;
  GtkLabel             *problems_label;
  GtkLabel             *host_label;
  GtkLabel             *names_label;
  GtkLabel             *subject_label;
  GtkLabel             *issuer_label;
  GtkLabel             *validity_label;
  GtkLabel             *key_label;
  GtkLabel             *fingerprint_label;
  GtkWidget            *pinned_row;
  GtkLabel             *pinned_label;
  GtkButton            *cancel_button;
  GtkButton            *trust_button;
  GtkLabel             *trust_label;
};

G_DEFINE_FINAL_TYPE (ObCertificateDialog, ob_certificate_dialog, ADW_TYPE_WINDOW)

enum {
  PROP_0,
  PROP_HOST,
  PROP_CERTIFICATE,
  PROP_ERRORS,
  PROP_PINNED_SHA256,
  PROP_FINGERPRINT,
  PROP_CHANGED,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  TRUST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/**
 * ob_certificate_dialog_new:
 * @parent: (nullable): the window the dialog belongs to
 * @host: the server name the connection used
 * @certificate: the certificate the server presented
 * @errors: why it was refused
 * @pinned_sha256: (nullable): the fingerprint the account trusts now, if
 *   any; when it differs from @certificate's, the dialog says loudly that
 *   the certificate changed
 *
 * Returns: (transfer none): a new dialog, not shown yet, owned by GTK's
 *   list of toplevels until it is closed
 */
ObCertificateDialog *
ob_certificate_dialog_new (GtkWindow            *parent,
                           const char           *host,
                           GTlsCertificate      *certificate,
                           GTlsCertificateFlags  errors,
                           const char           *pinned_sha256)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (host != NULL, NULL);
  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  return g_object_new (OB_TYPE_CERTIFICATE_DIALOG,
                       "transient-for", parent,
                       "host", host,
                       "certificate", certificate,
                       "errors", errors,
                       "pinned-sha256", pinned_sha256,
                       NULL);
}

/**
 * ob_certificate_dialog_new_for_error:
 * @error: the %OB_SMTP_ERROR_CERTIFICATE error a connection failed with,
 *   which carries the certificate and why it was refused
 *
 * Like ob_certificate_dialog_new(), for the error a connection failed with.
 *
 * Returns: (transfer none): a new dialog, not shown yet
 */
ObCertificateDialog *
ob_certificate_dialog_new_for_error (GtkWindow    *parent,
                                     const char   *host,
                                     const GError *error,
                                     const char   *pinned_sha256)
{
  GTlsCertificate *certificate;

  g_return_val_if_fail (error != NULL, NULL);

  certificate = ob_smtp_error_get_peer_certificate (error);
  g_return_val_if_fail (certificate != NULL, NULL);

  return ob_certificate_dialog_new (parent, host, certificate,
                                    ob_smtp_error_get_certificate_flags (error), pinned_sha256);
}

static char *
join_names (GTlsCertificate *certificate)
{
  g_autoptr(GPtrArray) dns_names = g_tls_certificate_get_dns_names (certificate);
  g_autoptr(GPtrArray) addresses = g_tls_certificate_get_ip_addresses (certificate);
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  guint total = (dns_names ? dns_names->len : 0) + (addresses ? addresses->len : 0);

  for (guint i = 0; dns_names != NULL && i < dns_names->len && names->len < MAX_NAMES; i++)
    {
      gsize size;
      const char *data = g_bytes_get_data (g_ptr_array_index (dns_names, i), &size);

      g_ptr_array_add (names, ob_escape_untrusted (data, size));
    }
  for (guint i = 0; addresses != NULL && i < addresses->len && names->len < MAX_NAMES; i++)
    g_ptr_array_add (names, g_inet_address_to_string (g_ptr_array_index (addresses, i)));

  if (names->len == 0)
    return g_strdup (_("None"));
  if (total > names->len)
    g_ptr_array_add (names, g_strdup_printf (ngettext ("and %u more", "and %u more",
                                                       total - names->len),
                                             total - names->len));
  g_ptr_array_add (names, NULL);
  return g_strjoinv (", ", (char **) names->pdata);
}

static char *
format_date (GDateTime *date)
{
  g_autoptr(GDateTime) local = g_date_time_to_local (date);

  /* TRANSLATORS: a certificate's first or last day, as in “31 January
   * 2020”; see strftime(3) for the codes */
  return g_date_time_format (local, _("%-d %B %Y"));
}

static char *
describe_validity (GTlsCertificate *certificate)
{
  g_autoptr(GDateTime) from = g_tls_certificate_get_not_valid_before (certificate);
  g_autoptr(GDateTime) until = g_tls_certificate_get_not_valid_after (certificate);
  g_autofree char *from_text = NULL;
  g_autofree char *until_text = NULL;

  if (from == NULL || until == NULL)
    return g_strdup (_("Unknown"));

  from_text = format_date (from);
  until_text = format_date (until);
  /* TRANSLATORS: the days a certificate is valid, as in “From 1 January
   * 2020 until 31 January 2020” */
  return g_strdup_printf (_("From %s until %s"), from_text, until_text);
}

/* Two lines of sixteen bytes: a fingerprint is read and compared in
 * pieces, and a line break in the middle of a byte helps nobody. */
static char *
format_fingerprint_lines (const char *sha256)
{
  g_autofree char *formatted = ob_certificate_format_fingerprint (sha256);
  gsize half = strlen (formatted) / 2;

  /* “AB:…:EF:” then “01:…”, the break after the middle colon. */
  return g_strdup_printf ("%.*s\n%s", (int) half + 1, formatted, formatted + half + 1);
}

static void
set_untrusted_text (GtkLabel   *label,
                    const char *text)
{
  g_autofree char *escaped = ob_escape_untrusted (text, -1);

  gtk_label_set_text (label, text != NULL ? escaped : _("Unknown"));
}

static void
show_facts (ObCertificateDialog *self)
{
  g_autofree char *problems = ob_certificate_describe_flags (self->errors);
  g_autofree char *names = join_names (self->certificate);
  g_autofree char *subject = g_tls_certificate_get_subject_name (self->certificate);
  g_autofree char *issuer = g_tls_certificate_get_issuer_name (self->certificate);
  g_autofree char *validity = describe_validity (self->certificate);
  g_autofree char *fingerprint = format_fingerprint_lines (self->fingerprint);
  const char *algorithm = NULL;
  guint bits = 0;

  gtk_label_set_text (self->problems_label, problems[0] != '\0' ? problems : _("None"));
  set_untrusted_text (self->host_label, self->host);
  gtk_label_set_text (self->names_label, names);
  set_untrusted_text (self->subject_label, subject);
  set_untrusted_text (self->issuer_label, issuer);
  gtk_label_set_text (self->validity_label, validity);
  gtk_label_set_text (self->fingerprint_label, fingerprint);

  if (ob_certificate_get_public_key (self->certificate, &algorithm, &bits))
    {
      /* TRANSLATORS: a key's algorithm and size, as in “RSA, 2048 bits” */
      g_autofree char *key = g_strdup_printf (_("%s, %u bits"), algorithm, bits);

      gtk_label_set_text (self->key_label, key);
    }
  else
    gtk_label_set_text (self->key_label, _("Unknown"));

  gtk_widget_set_visible (self->pinned_row, self->changed);
  if (self->changed)
    {
      g_autofree char *pinned = format_fingerprint_lines (self->pinned_sha256);

      gtk_label_set_text (self->pinned_label, pinned);
    }
}

/* The diagnosis knows how to say what each refusal means and what to do
 * about it, naming both the host and the certificate's names when they
 * differ; the dialog asks it with the same error a connection would have. */
static void
explain_refusal (ObCertificateDialog *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(ObDiagnosis) diagnosis = NULL;
  g_autofree char *reasons = ob_certificate_describe_flags (self->errors);
  ObDiagnosisContext context = { .host = self->host };

  error = ob_smtp_error_new (OB_SMTP_ERROR_CERTIFICATE, OB_SMTP_STAGE_TLS, NULL,
                             _("The server’s certificate was refused. %s"), reasons);
  ob_smtp_error_set_certificate (error, self->certificate, self->errors);
  diagnosis = ob_diagnosis_new_for_error (error, &context);

  gtk_label_set_text (self->heading_label, ob_diagnosis_get_title (diagnosis));
  gtk_label_set_text (self->explanation_label, ob_diagnosis_get_explanation (diagnosis));
  gtk_label_set_text (self->remedy_label, ob_diagnosis_get_remedy (diagnosis));
}

static void
explain_change (ObCertificateDialog *self)
{
  g_autofree char *host = ob_escape_untrusted (self->host, -1);
  g_autofree char *explanation = NULL;

  /* TRANSLATORS: %s is the server's name, as in “smtp.example.com” */
  explanation = g_strdup_printf (_("The certificate of “%s” is not the one you chose to trust "
                                   "for this account. Servers get new certificates from time to "
                                   "time, but someone intercepting the connection would look "
                                   "exactly the same."),
                                 host);
  gtk_label_set_text (self->heading_label, _("Certificate changed"));
  gtk_label_set_text (self->explanation_label, explanation);
  gtk_label_set_text (self->remedy_label, _("Trust the new certificate only if the server’s "
                                            "administrator confirms its fingerprint to you."));
  gtk_label_set_text_with_mnemonic (self->trust_label, _("_Trust the New Certificate"));
  gtk_widget_add_css_class (GTK_WIDGET (self->trust_button), "destructive-action");
  gtk_widget_set_visible (self->changed_banner, TRUE);
}

static void
ob_certificate_dialog_constructed (GObject *object)
{
  ObCertificateDialog *self = OB_CERTIFICATE_DIALOG (object);

  G_OBJECT_CLASS (ob_certificate_dialog_parent_class)->constructed (object);

  g_return_if_fail (self->host != NULL);
  g_return_if_fail (self->certificate != NULL);

  self->fingerprint = ob_certificate_get_sha256 (self->certificate);
  self->changed = self->pinned_sha256 != NULL &&
                  g_strcmp0 (self->pinned_sha256, self->fingerprint) != 0;

  if (self->changed)
    explain_change (self);
  else
    explain_refusal (self);
  show_facts (self);
}

static void
trust_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  ObCertificateDialog *self = OB_CERTIFICATE_DIALOG (widget);

  g_signal_emit (self, signals[TRUST], 0, self->fingerprint);
  gtk_window_close (GTK_WINDOW (self));
}

/**
 * ob_certificate_dialog_get_host:
 *
 * Returns: the server name the connection used
 */
const char *
ob_certificate_dialog_get_host (ObCertificateDialog *self)
{
  g_return_val_if_fail (OB_IS_CERTIFICATE_DIALOG (self), NULL);

  return self->host;
}

/**
 * ob_certificate_dialog_get_certificate:
 *
 * Returns: (transfer none): the refused certificate
 */
GTlsCertificate *
ob_certificate_dialog_get_certificate (ObCertificateDialog *self)
{
  g_return_val_if_fail (OB_IS_CERTIFICATE_DIALOG (self), NULL);

  return self->certificate;
}

GTlsCertificateFlags
ob_certificate_dialog_get_errors (ObCertificateDialog *self)
{
  g_return_val_if_fail (OB_IS_CERTIFICATE_DIALOG (self), 0);

  return self->errors;
}

/**
 * ob_certificate_dialog_get_fingerprint:
 *
 * Returns: the certificate's SHA-256 fingerprint, 64 lower-case hex digits:
 *   what to pin on the account when the person trusts it
 */
const char *
ob_certificate_dialog_get_fingerprint (ObCertificateDialog *self)
{
  g_return_val_if_fail (OB_IS_CERTIFICATE_DIALOG (self), NULL);

  return self->fingerprint;
}

/**
 * ob_certificate_dialog_get_changed:
 *
 * Returns: whether the account trusted another certificate before
 */
gboolean
ob_certificate_dialog_get_changed (ObCertificateDialog *self)
{
  g_return_val_if_fail (OB_IS_CERTIFICATE_DIALOG (self), FALSE);

  return self->changed;
}

static void
ob_certificate_dialog_dispose (GObject *object)
{
  ObCertificateDialog *self = OB_CERTIFICATE_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), OB_TYPE_CERTIFICATE_DIALOG);
  g_clear_object (&self->certificate);

  G_OBJECT_CLASS (ob_certificate_dialog_parent_class)->dispose (object);
}

static void
ob_certificate_dialog_finalize (GObject *object)
{
  ObCertificateDialog *self = OB_CERTIFICATE_DIALOG (object);

  g_free (self->host);
  g_free (self->pinned_sha256);
  g_free (self->fingerprint);

  G_OBJECT_CLASS (ob_certificate_dialog_parent_class)->finalize (object);
}

static void
ob_certificate_dialog_get_property (GObject    *object,
                                    guint       prop_id,
                                    GValue     *value,
                                    GParamSpec *pspec)
{
  ObCertificateDialog *self = OB_CERTIFICATE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_HOST:
      g_value_set_string (value, self->host);
      break;
    case PROP_CERTIFICATE:
      g_value_set_object (value, self->certificate);
      break;
    case PROP_ERRORS:
      g_value_set_flags (value, self->errors);
      break;
    case PROP_PINNED_SHA256:
      g_value_set_string (value, self->pinned_sha256);
      break;
    case PROP_FINGERPRINT:
      g_value_set_string (value, self->fingerprint);
      break;
    case PROP_CHANGED:
      g_value_set_boolean (value, self->changed);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ob_certificate_dialog_set_property (GObject      *object,
                                    guint         prop_id,
                                    const GValue *value,
                                    GParamSpec   *pspec)
{
  ObCertificateDialog *self = OB_CERTIFICATE_DIALOG (object);

  switch (prop_id)
    {
    case PROP_HOST:
      self->host = g_value_dup_string (value);
      break;
    case PROP_CERTIFICATE:
      self->certificate = g_value_dup_object (value);
      break;
    case PROP_ERRORS:
      self->errors = g_value_get_flags (value);
      break;
    case PROP_PINNED_SHA256:
      /* Pins are stored normalized, but may have been typed or pasted. */
      self->pinned_sha256 = ob_certificate_normalize_fingerprint (g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ob_certificate_dialog_class_init (ObCertificateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = ob_certificate_dialog_constructed;
  object_class->dispose = ob_certificate_dialog_dispose;
  object_class->finalize = ob_certificate_dialog_finalize;
  object_class->get_property = ob_certificate_dialog_get_property;
  object_class->set_property = ob_certificate_dialog_set_property;

  properties[PROP_HOST] =
    g_param_spec_string ("host", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_CERTIFICATE] =
    g_param_spec_object ("certificate", NULL, NULL,
                         G_TYPE_TLS_CERTIFICATE,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_ERRORS] =
    g_param_spec_flags ("errors", NULL, NULL,
                        G_TYPE_TLS_CERTIFICATE_FLAGS, 0,
                        G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  /* Normalized: 64 lower-case hex digits, or NULL. */
  properties[PROP_PINNED_SHA256] =
    g_param_spec_string ("pinned-sha256", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_FINGERPRINT] =
    g_param_spec_string ("fingerprint", NULL, NULL,
                         NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  properties[PROP_CHANGED] =
    g_param_spec_boolean ("changed", NULL, NULL,
                          FALSE,
                          G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * ObCertificateDialog::trust:
   * @fingerprint: the certificate's SHA-256 fingerprint, 64 lower-case hex
   *   digits
   *
   * The person chose to trust this certificate for the account: store
   * @fingerprint as the account's pinned-sha256. The dialog closes right
   * after; closed any other way (Cancel, Escape), it trusted nothing.
   */
  signals[TRUST] =
    g_signal_new ("trust",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               APP_PATH "/ui/ob-certificate-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ObCertificateDialog, heading_label);
  gtk_widget_class_bind_template_child (widget_class, ObCertificateDialog, explanation_label);
  gtk_widget_class_bind_template_child (widget_class, ObCertificateDialog, remedy_label);
  gtk_widget_class_bind_template_child (widget_class, ObCertificateDialog, changed_banner);
  gtk_widget_class_bind_template_child (widget_class, ObCertificateDialog, problems_label);
  gtk_widget_class_bind_template_child (widget_class, ObCertificateDialog, host_label);
  gtk_widget_class_bind_template_child (widget_class, ObCertificateDialog, names_label);
  gtk_widget_class_bind_template_child (widget_class, ObCertificateDialog, subject_label);
  gtk_widget_class_bind_template_child (widget_class, ObCertificateDialog, issuer_label);
  gtk_widget_class_bind_template_child (widget_class, ObCertificateDialog, validity_label);
  gtk_widget_class_bind_template_child (widget_class, ObCertificateDialog, key_label);
  gtk_widget_class_bind_template_child (widget_class, ObCertificateDialog, fingerprint_label);
  gtk_widget_class_bind_template_child (widget_class, ObCertificateDialog, pinned_row);
  gtk_widget_class_bind_template_child (widget_class, ObCertificateDialog, pinned_label);
  gtk_widget_class_bind_template_child (widget_class, ObCertificateDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, ObCertificateDialog, trust_button);
  gtk_widget_class_bind_template_child (widget_class, ObCertificateDialog, trust_label);

  gtk_widget_class_install_action (widget_class, "certificate.trust", NULL, trust_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
ob_certificate_dialog_init (ObCertificateDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Enter answers no, and the keyboard starts there too. */
  gtk_window_set_default_widget (GTK_WINDOW (self), GTK_WIDGET (self->cancel_button));
  gtk_window_set_focus (GTK_WINDOW (self), GTK_WIDGET (self->cancel_button));
}
