/* ob-detection.c — what detecting one address found
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * The answer detection hands back: ranked candidates, the provider when a
 * source knew it, and every event of the run. Complete and unchanging once
 * ob_detector_detect_finish() returns it.
 */
#include "config.h"

#include "ob-detector-private.h"

struct _ObDetection
{
  GObject     parent_instance;

  char       *address;
  char       *domain;
  GListStore *candidates;
  ObDetectorCandidate *best;    /* the first of @candidates, borrowed */
  GListStore *events;
  ObProvider *provider;
  gboolean    online;
  gboolean    from_cache;
  gint64      duration;
};

G_DEFINE_FINAL_TYPE (ObDetection, ob_detection, G_TYPE_OBJECT)

static void
ob_detection_finalize (GObject *object)
{
  ObDetection *self = OB_DETECTION (object);

  g_free (self->address);
  g_free (self->domain);
  g_object_unref (self->candidates);
  g_object_unref (self->events);
  g_clear_object (&self->provider);

  G_OBJECT_CLASS (ob_detection_parent_class)->finalize (object);
}

static void
ob_detection_class_init (ObDetectionClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = ob_detection_finalize;
}

static void
ob_detection_init (ObDetection *self)
{
  self->candidates = g_list_store_new (OB_TYPE_DETECTOR_CANDIDATE);
  self->events = g_list_store_new (OB_TYPE_DETECTOR_EVENT);
}

/**
 * ob_detection_new:
 * @domain: the address's domain, in ASCII and lower case
 */
ObDetection *
ob_detection_new (const char *address,
                  const char *domain,
                  gboolean    online)
{
  ObDetection *self = g_object_new (OB_TYPE_DETECTION, NULL);

  self->address = g_strdup (address);
  self->domain = g_strdup (domain);
  self->online = online;
  return self;
}

void
ob_detection_add_event (ObDetection     *self,
                        ObDetectorEvent *event)
{
  g_list_store_append (self->events, event);
}

/**
 * ob_detection_set_candidates:
 * @candidates: (element-type ObDetectorCandidate): ranked, best first
 */
void
ob_detection_set_candidates (ObDetection *self,
                             GPtrArray   *candidates)
{
  g_list_store_splice (self->candidates, 0,
                       g_list_model_get_n_items (G_LIST_MODEL (self->candidates)),
                       candidates->pdata, candidates->len);
  self->best = candidates->len > 0 ? g_ptr_array_index (candidates, 0) : NULL;
}

void
ob_detection_set_provider (ObDetection *self,
                           ObProvider  *provider)
{
  g_set_object (&self->provider, provider);
}

void
ob_detection_set_duration (ObDetection *self,
                           gint64       duration)
{
  self->duration = duration;
}

/**
 * ob_detection_copy_for_address:
 * @address: another address at the same domain
 *
 * Returns: (transfer full): the same findings, with user names made for
 *   @address, marked as coming from the cache
 */
ObDetection *
ob_detection_copy_for_address (ObDetection *self,
                               const char  *address)
{
  ObDetection *copy = ob_detection_new (address, self->domain, self->online);
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->candidates));
  g_autoptr(GPtrArray) candidates = g_ptr_array_new_full (n, g_object_unref);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ObDetectorCandidate) candidate =
        g_list_model_get_item (G_LIST_MODEL (self->candidates), i);

      g_ptr_array_add (candidates, ob_detector_candidate_copy_for_address (candidate, address));
    }
  ob_detection_set_candidates (copy, candidates);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (self->events)); i++)
    {
      g_autoptr(ObDetectorEvent) event = g_list_model_get_item (G_LIST_MODEL (self->events), i);

      ob_detection_add_event (copy, event);
    }
  ob_detection_set_provider (copy, self->provider);
  copy->from_cache = TRUE;
  copy->duration = self->duration;
  return copy;
}

/**
 * ob_detection_get_address:
 *
 * Returns: the address detection was for
 */
const char *
ob_detection_get_address (ObDetection *self)
{
  g_return_val_if_fail (OB_IS_DETECTION (self), NULL);

  return self->address;
}

/**
 * ob_detection_get_domain:
 *
 * Returns: the address's domain, in ASCII and lower case
 */
const char *
ob_detection_get_domain (ObDetection *self)
{
  g_return_val_if_fail (OB_IS_DETECTION (self), NULL);

  return self->domain;
}

/**
 * ob_detection_get_candidates:
 *
 * Returns: (transfer none): the #ObDetectorCandidate list, best first (see
 *   ob_detector_candidate_compare())
 */
GListModel *
ob_detection_get_candidates (ObDetection *self)
{
  g_return_val_if_fail (OB_IS_DETECTION (self), NULL);

  return G_LIST_MODEL (self->candidates);
}

/**
 * ob_detection_get_events:
 *
 * Returns: (transfer none): every #ObDetectorEvent of the run, in order
 */
GListModel *
ob_detection_get_events (ObDetection *self)
{
  g_return_val_if_fail (OB_IS_DETECTION (self), NULL);

  return G_LIST_MODEL (self->events);
}

/**
 * ob_detection_get_best:
 *
 * Returns: (transfer none) (nullable): the first candidate; check
 *   ob_detection_has_verified() before trusting it to work
 */
ObDetectorCandidate *
ob_detection_get_best (ObDetection *self)
{
  g_return_val_if_fail (OB_IS_DETECTION (self), NULL);

  return self->best;
}

/**
 * ob_detection_has_verified:
 *
 * Returns: whether a probe verified at least one candidate
 */
gboolean
ob_detection_has_verified (ObDetection *self)
{
  ObDetectorCandidate *best;

  g_return_val_if_fail (OB_IS_DETECTION (self), FALSE);

  best = ob_detection_get_best (self);
  return best != NULL &&
         ob_detector_candidate_get_verification (best) == OB_DETECTOR_VERIFICATION_VERIFIED;
}

/**
 * ob_detection_get_provider:
 *
 * Returns: (transfer none) (nullable): the provider that serves the
 *   address, when a source knew it (for a provider that offers no SMTP at
 *   all, this says so while there are no candidates)
 */
ObProvider *
ob_detection_get_provider (ObDetection *self)
{
  g_return_val_if_fail (OB_IS_DETECTION (self), NULL);

  return self->provider;
}

/**
 * ob_detection_is_online:
 *
 * Returns: whether detection could use the network; %FALSE when only the
 *   built-in database was asked
 */
gboolean
ob_detection_is_online (ObDetection *self)
{
  g_return_val_if_fail (OB_IS_DETECTION (self), FALSE);

  return self->online;
}

/**
 * ob_detection_is_from_cache:
 *
 * Returns: whether these are an earlier detection's findings for the same
 *   domain, from this session
 */
gboolean
ob_detection_is_from_cache (ObDetection *self)
{
  g_return_val_if_fail (OB_IS_DETECTION (self), FALSE);

  return self->from_cache;
}

/**
 * ob_detection_get_duration:
 *
 * Returns: how long detection took, in microseconds (for a cached answer,
 *   how long the original took)
 */
gint64
ob_detection_get_duration (ObDetection *self)
{
  g_return_val_if_fail (OB_IS_DETECTION (self), 0);

  return self->duration;
}
