/* ob-connection-test-step.c — one step of a connection test
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * A step is what a checklist row shows: a title, a state, how long it took
 * and what it found. Only #ObConnectionTest changes it, on the main
 * context, so a view can bind to its properties directly.
 */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "ob-connection-test-step-private.h"

struct _ObConnectionTestStep
{
  GObject                    parent_instance;

  ObConnectionTestStepKind   kind;
  ObConnectionTestStepState  state;
  char                      *detail;
  gint64                     duration;
  GError                    *error;
  ObDiagnosis               *diagnosis;
};

G_DEFINE_FINAL_TYPE (ObConnectionTestStep, ob_connection_test_step, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_KIND,
  PROP_STATE,
  PROP_TITLE,
  PROP_DETAIL,
  PROP_DURATION,
  PROP_ERROR,
  PROP_DIAGNOSIS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
ob_connection_test_step_finalize (GObject *object)
{
  ObConnectionTestStep *self = OB_CONNECTION_TEST_STEP (object);

  g_free (self->detail);
  g_clear_error (&self->error);
  g_clear_object (&self->diagnosis);

  G_OBJECT_CLASS (ob_connection_test_step_parent_class)->finalize (object);
}

static void
ob_connection_test_step_get_property (GObject    *object,
                                      guint       prop_id,
                                      GValue     *value,
                                      GParamSpec *pspec)
{
  ObConnectionTestStep *self = OB_CONNECTION_TEST_STEP (object);

  switch (prop_id)
    {
    case PROP_KIND:
      g_value_set_enum (value, self->kind);
      break;
    case PROP_STATE:
      g_value_set_enum (value, self->state);
      break;
    case PROP_TITLE:
      g_value_set_string (value, ob_connection_test_step_get_title (self));
      break;
    case PROP_DETAIL:
      g_value_set_string (value, self->detail);
      break;
    case PROP_DURATION:
      g_value_set_int64 (value, self->duration);
      break;
    case PROP_ERROR:
      g_value_set_boxed (value, self->error);
      break;
    case PROP_DIAGNOSIS:
      g_value_set_object (value, self->diagnosis);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
ob_connection_test_step_class_init (ObConnectionTestStepClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS | G_PARAM_EXPLICIT_NOTIFY;

  object_class->finalize = ob_connection_test_step_finalize;
  object_class->get_property = ob_connection_test_step_get_property;

  properties[PROP_KIND] =
    g_param_spec_enum ("kind", NULL, NULL, OB_TYPE_CONNECTION_TEST_STEP_KIND,
                       OB_CONNECTION_TEST_STEP_RESOLVE, flags);
  properties[PROP_STATE] =
    g_param_spec_enum ("state", NULL, NULL, OB_TYPE_CONNECTION_TEST_STEP_STATE,
                       OB_CONNECTION_TEST_STEP_PENDING, flags);
  properties[PROP_TITLE] = g_param_spec_string ("title", NULL, NULL, NULL, flags);
  properties[PROP_DETAIL] = g_param_spec_string ("detail", NULL, NULL, NULL, flags);
  properties[PROP_DURATION] =
    g_param_spec_int64 ("duration", NULL, NULL, 0, G_MAXINT64, 0, flags);
  properties[PROP_ERROR] = g_param_spec_boxed ("error", NULL, NULL, G_TYPE_ERROR, flags);
  properties[PROP_DIAGNOSIS] =
    g_param_spec_object ("diagnosis", NULL, NULL, OB_TYPE_DIAGNOSIS, flags);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
ob_connection_test_step_init (ObConnectionTestStep *self)
{
}

ObConnectionTestStep *
ob_connection_test_step_new (ObConnectionTestStepKind kind)
{
  ObConnectionTestStep *self = g_object_new (OB_TYPE_CONNECTION_TEST_STEP, NULL);

  self->kind = kind;
  return self;
}

/**
 * ob_connection_test_step_update:
 * @detail: (nullable): what the step found, or why it failed or was skipped
 * @duration: how long the step took, in µs; 0 while it has not finished
 * @error: (nullable): why it failed
 * @diagnosis: (nullable): the failure explained
 *
 * Moves the step to @state, notifying each property that changes.
 */
void
ob_connection_test_step_update (ObConnectionTestStep      *self,
                                ObConnectionTestStepState  state,
                                const char                *detail,
                                gint64                     duration,
                                const GError              *error,
                                ObDiagnosis               *diagnosis)
{
  g_return_if_fail (OB_IS_CONNECTION_TEST_STEP (self));

  g_object_freeze_notify (G_OBJECT (self));
  if (self->state != state)
    {
      self->state = state;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_STATE]);
    }
  if (g_strcmp0 (self->detail, detail) != 0)
    {
      g_free (self->detail);
      self->detail = g_strdup (detail);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DETAIL]);
    }
  if (self->duration != duration)
    {
      self->duration = duration;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DURATION]);
    }
  if (self->error != error)
    {
      g_clear_error (&self->error);
      self->error = error ? g_error_copy (error) : NULL;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ERROR]);
    }
  if (g_set_object (&self->diagnosis, diagnosis))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DIAGNOSIS]);
  g_object_thaw_notify (G_OBJECT (self));
}

ObConnectionTestStepKind
ob_connection_test_step_get_kind (ObConnectionTestStep *self)
{
  g_return_val_if_fail (OB_IS_CONNECTION_TEST_STEP (self), OB_CONNECTION_TEST_STEP_RESOLVE);

  return self->kind;
}

ObConnectionTestStepState
ob_connection_test_step_get_state (ObConnectionTestStep *self)
{
  g_return_val_if_fail (OB_IS_CONNECTION_TEST_STEP (self), OB_CONNECTION_TEST_STEP_PENDING);

  return self->state;
}

/**
 * ob_connection_test_step_get_title:
 *
 * Returns: what the step does, in a few words for a checklist
 */
const char *
ob_connection_test_step_get_title (ObConnectionTestStep *self)
{
  g_return_val_if_fail (OB_IS_CONNECTION_TEST_STEP (self), NULL);

  switch (self->kind)
    {
    case OB_CONNECTION_TEST_STEP_RESOLVE:
      return _("Find the server");
    case OB_CONNECTION_TEST_STEP_CONNECT:
      return _("Connect");
    case OB_CONNECTION_TEST_STEP_TLS:
      return _("Encryption and certificate");
    case OB_CONNECTION_TEST_STEP_GREETING:
      return _("Greeting and capabilities");
    case OB_CONNECTION_TEST_STEP_LOGIN:
      return _("Log in");
    case OB_CONNECTION_TEST_STEP_SEND:
      return _("Send a test message");
    default:
      g_return_val_if_reached (NULL);
    }
}

/**
 * ob_connection_test_step_get_detail:
 *
 * Returns: (nullable): what the step found (the server's addresses, its
 *   certificate, what it offers), or why it failed or was skipped
 */
const char *
ob_connection_test_step_get_detail (ObConnectionTestStep *self)
{
  g_return_val_if_fail (OB_IS_CONNECTION_TEST_STEP (self), NULL);

  return self->detail;
}

/**
 * ob_connection_test_step_get_duration:
 *
 * Returns: how long the step took, in µs, once it has passed or failed
 */
gint64
ob_connection_test_step_get_duration (ObConnectionTestStep *self)
{
  g_return_val_if_fail (OB_IS_CONNECTION_TEST_STEP (self), 0);

  return self->duration;
}

/**
 * ob_connection_test_step_get_error:
 *
 * Returns: (nullable): why the step failed
 */
const GError *
ob_connection_test_step_get_error (ObConnectionTestStep *self)
{
  g_return_val_if_fail (OB_IS_CONNECTION_TEST_STEP (self), NULL);

  return self->error;
}

/**
 * ob_connection_test_step_get_diagnosis:
 *
 * Returns: (transfer none) (nullable): the failure explained, with what to
 *   change
 */
ObDiagnosis *
ob_connection_test_step_get_diagnosis (ObConnectionTestStep *self)
{
  g_return_val_if_fail (OB_IS_CONNECTION_TEST_STEP (self), NULL);

  return self->diagnosis;
}
